"""Answers from ``workbook init --interactive`` -> the text of a plan file (YAML with a short header)."""

from __future__ import annotations

from typing import Any

import yaml


def plan_text(answers: dict[str, Any], file_name: str) -> str:
    """Dump the answers as YAML in which every value stays text (``No`` and ``9:30`` are quoted), under a
    short header in the plan's language."""
    from workbook.templating import load_strings

    body: str = yaml.safe_dump(_prune(answers), sort_keys=False, allow_unicode=True, width=100,
                          default_flow_style=False)
    return load_strings(answers.get("language") or "en")["plan_header"].format(name=file_name) + body


def _prune(value: Any) -> Any:
    """Drop empty answers, so the plan only holds what was given."""
    if isinstance(value, dict):
        pruned = {k: _prune(v) for k, v in value.items()}
        return {k: v for k, v in pruned.items() if v not in ("", None, [], {})}
    if isinstance(value, list):
        return [p for p in (_prune(v) for v in value) if p not in ("", None, [], {})]
    return value
