"""Localised text: a plain string (the default language) or a mapping language → string."""

from __future__ import annotations

from typing import Any

from pydantic import GetCoreSchemaHandler, GetJsonSchemaHandler
from pydantic_core import PydanticCustomError, core_schema

from ..language.scripts import fits

DEFAULT = "*"  # key under which a plain string is kept: valid for every language


class Text:
    """Human-readable text in one or more languages.

    ``Text("价格")`` holds one string used for every language; ``Text({"zh": .., "en": ..})``
    holds translations. Which one a reader sees is decided by :meth:`get`.
    """

    __slots__ = ("values",)

    def __init__(self, values: str | dict[str, str]):
        self.values: dict[str, str] = {DEFAULT: values} if isinstance(values, str) else dict(values)

    def get(self, lang: str, default_lang: str) -> str:
        values = self.values
        if lang in values:
            return values[lang]
        if DEFAULT in values:
            return values[DEFAULT]
        if default_lang in values:
            return values[default_lang]
        return next(iter(values.values()), "")

    @property
    def languages(self) -> set[str]:
        return {k for k in self.values if k != DEFAULT}

    @property
    def is_plain(self) -> bool:
        return DEFAULT in self.values

    def reads_in(self, lang: str) -> bool:
        """True when a reader of ``lang`` sees this text in ``lang``: it has a ``lang`` translation, or
        it is one plain string whose script fits ``lang`` (a name, a number, a code)."""
        if lang in self.values:
            return True
        return self.is_plain and fits(self.values[DEFAULT], lang)

    def all_strings(self) -> list[str]:
        return list(self.values.values())

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Text) and other.values == self.values

    def __hash__(self) -> int:
        return hash(tuple(sorted(self.values.items())))

    def __repr__(self) -> str:
        return f"Text({self.values!r})"

    @classmethod
    def _validate(cls, value: Any) -> Text:
        if isinstance(value, Text):
            return value
        if isinstance(value, bool) or value is None:
            raise PydanticCustomError("text_type", "expected text, got {got}", {"got": _kind(value)})
        if isinstance(value, (int, float)):
            return cls(str(value))
        if isinstance(value, str):
            return cls(value)
        if isinstance(value, dict):
            if not value:
                raise PydanticCustomError("text_type", "expected text, got an empty mapping", {})
            out: dict[str, str] = {}
            for lang, text in value.items():
                if isinstance(text, (int, float)) and not isinstance(text, bool):
                    text = str(text)
                if text is None:
                    raise PydanticCustomError(
                        "text_type",
                        "'{lang}' has no text (inside {braces} a comma starts a new entry: put text with commas in quotes)",
                        {"lang": lang, "braces": "{…}"},
                    )
                if not isinstance(text, str):
                    raise PydanticCustomError(
                        "text_type",
                        "the '{lang}' text must be a string, got {got}",
                        {"lang": lang, "got": _kind(text)},
                    )
                out[str(lang)] = text
            return cls(out)
        raise PydanticCustomError(
            "text_type", "expected text or a mapping of language to text, got {got}", {"got": _kind(value)}
        )

    @classmethod
    def __get_pydantic_core_schema__(cls, source: Any, handler: GetCoreSchemaHandler) -> core_schema.CoreSchema:
        return core_schema.no_info_plain_validator_function(
            cls._validate,
            serialization=core_schema.plain_serializer_function_ser_schema(_serialize, info_arg=True),
        )

    @classmethod
    def __get_pydantic_json_schema__(cls, schema: Any, handler: GetJsonSchemaHandler) -> dict[str, Any]:
        return text_json_schema()


def _serialize(text: Text, info: Any) -> str | dict[str, str]:  # noqa: ANN401 - pydantic's SerializationInfo
    """A text as data: its one string, or its mapping of language to string. Dumped with the context
    ``{"lang": code}`` (what one language's artifact shows, for the artifact cache), a translated text
    that has that language is only that language's string: what :meth:`Text.get` returns for it."""
    if text.is_plain:
        return text.values[DEFAULT]
    context = info.context
    lang = context.get("lang") if isinstance(context, dict) else None
    if lang is not None and lang in text.values:
        return {lang: text.values[lang]}
    return dict(text.values)


# a key of a translated text: a BCP 47 code as company.yaml lists it (zh, en, ja, zh-TW, pt-BR…)
LANGUAGE_KEY = r"^[a-z]{2,3}(-[A-Za-z0-9]{1,8})*$"


def text_json_schema() -> dict[str, Any]:
    """What :meth:`Text._validate` accepts, as a JSON Schema (editors read YAML as JSON): a string,
    a number (read as its text) or a mapping language code → string or number."""
    return {
        "anyOf": [
            {"type": "string"},
            {"type": "number", "description": "A number is read as its text."},
            {
                "type": "object",
                "description": "Translations: language code → text, e.g. {zh: 价格, en: Price}",
                "propertyNames": {"pattern": LANGUAGE_KEY},
                "additionalProperties": {"type": ["string", "number"]},
                "minProperties": 1,
            },
        ]
    }


def _kind(value: Any) -> str:
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, (int, float)):
        return "a number"
    return type(value).__name__
