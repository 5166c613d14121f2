"""Reporters: renderings of the same results (text, Markdown, JSON; spreadsheets and HTML elsewhere)."""
from .jsonout import dumps, result_json
from .text import render_explain, render_text

__all__ = ["dumps", "render_explain", "render_text", "result_json"]
