"""The MCP server over one audience view (``enablekit mcp``): tools, resources and prompts for the
assistants reps ask (Claude Desktop, VS Code, Cursor); the SDK is the optional extra ``enablekit[mcp]``.

Nothing here imports the SDK until a server is built: enablekit imports and works without it."""
