"""The ``parscore`` command line. ``main(argv) -> int``; only this module knows argv and files.

Exit codes: 0 scored (or valid); 1 invalid input, or a rule that could not be
evaluated; 2 usage error. No traceback ever reaches the user.
"""
from __future__ import annotations

import argparse
import os
import sys

# The command line is its own process: pydantic need not scan installed packages for
# plugins when the first model is built (~0.1 s of every command's start-up; parscore
# uses none). Set before anything builds a model; library imports never set it.
os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")
from typing import Callable, Sequence

from criteria.diagnostics import InputError

from . import files, i18n

EXIT_OK, EXIT_INPUT, EXIT_USAGE = 0, 1, 2


class UsageError(Exception):
    pass


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # argparse would sys.exit(2) itself
        raise UsageError(f"{self.prog}: {message}")


COMMANDS: dict[str, Callable] = {}


def command(name: str):
    def reg(fn):
        COMMANDS[name] = fn
        return fn
    return reg


def build_parser() -> _Parser:
    p = _Parser(prog="parscore", description="Chấm điểm Chỉ số CCHC có giải thích cho từng điểm / "
                "PAR INDEX scoring with an explanation for every point.")
    sub = p.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)

    def common(sp, fmt=("text", "json", "md")):
        sp.add_argument("--lang", choices=i18n.LANGS, default="vi", help="output language (default vi)")
        if fmt:
            sp.add_argument("--format", choices=fmt, default=fmt[0], help=f"output format (default {fmt[0]})")
        sp.add_argument("-o", "--output", help="write to this file (atomically) instead of standard output")

    sp = sub.add_parser("validate", help="check a criteria file; list every error")
    sp.add_argument("criteria")
    common(sp, fmt=None)

    for name, hlp in (("score", "score a unit's evidence"), ("explain", "the full trace of one node or all")):
        sp = sub.add_parser(name, help=hlp)
        sp.add_argument("criteria", nargs="?", help="criteria file (default: the built-in model scheme)")
        sp.add_argument("evidence", nargs="?", help="evidence file, YAML or XLSX (default: the built-in example)")
        if name == "explain":
            sp.add_argument("node", nargs="?", help="node id, e.g. 3.3.1 (default: all)")
        sp.add_argument("--survey", help="survey results file")
        sp.add_argument("--matcher", choices=("durable", "python"), default="durable",
                        help="branch matcher: durable_rules (default) or the plain-Python oracle")
        common(sp, fmt=("text", "json", "md") if name == "score" else ("text", "json"))

    import importlib
    for name in PLUGINS:
        try:
            module = importlib.import_module(name)
        except ModuleNotFoundError as exc:
            if exc.name != name:
                raise
            continue
        module.add_parsers(sub, common)
    for action in sub._choices_actions:  # Vietnamese first in the command list (argparse keeps these here)
        vi = HELP_VI.get(action.dest)
        if vi:
            action.help = f"{vi} / {action.help}"
    return p


HELP_VI = {
    "validate": "kiểm tra tệp bộ tiêu chí, liệt kê mọi lỗi",
    "score": "chấm điểm hồ sơ của một đơn vị",
    "explain": "giải thích từng điểm của một tiêu chí hoặc tất cả",
    "appraise": "biên bản thẩm định: đối chiếu tự chấm với kết quả thẩm định",
    "template": "phiếu kê khai tài liệu kiểm chứng (xlsx, yaml)",
    "check": "kiểm tra hồ sơ trước hạn nộp: còn thiếu gì, mất bao nhiêu điểm",
    "gains": "thay đổi nhỏ nhất để tăng điểm từng tiêu chí",
    "report": "báo cáo tự chấm điểm (md, html, xlsx, docx)",
    "plan": "kế hoạch CCHC của đơn vị: chỉ tiêu, nhiệm vụ, tiến độ",
    "rank": "chấm và xếp hạng nhiều đơn vị",
    "web": "không gian làm việc trên web cho cán bộ (Django)",
    "criteria": "soạn bộ tiêu chí trên Excel, kiểm tra tính chất, so sánh hai bộ tiêu chí",
}


# Command modules beside this one; each has add_parsers(sub, common) and
# registers its handlers with @command.
PLUGINS = ("scoring.cli_appraise", "scoring.cli_officer", "scoring.cli_plan", "scoring.cli_batch",
           "scoring.cli_criteria", "web.cli")  # web.cli imports Django only when `parscore web` runs


def resolve_pair(args) -> tuple[str, str, str | None]:
    """The criteria, evidence and survey files; the built-in example when none is given."""
    if args.criteria is None and args.evidence is None:
        survey = args.survey if args.survey else str(files.EXAMPLE_SURVEY)
        return str(files.EXAMPLE_CRITERIA), str(files.EXAMPLE_EVIDENCE), survey
    if args.evidence is None:
        raise UsageError("parscore: give both CRITERIA and EVIDENCE, or neither for the built-in example")
    return args.criteria, args.evidence, args.survey


def emit(args, text: str | bytes) -> None:
    if isinstance(text, str):
        text = i18n.english_plural(text, getattr(args, "lang", "vi"))
    if getattr(args, "output", None) is not None:
        files.write_atomic(args.output, text)
    elif isinstance(text, bytes):
        sys.stdout.buffer.write(text)
        sys.stdout.flush()
    else:
        sys.stdout.write(text)
        sys.stdout.flush()


def titles_of(compiled) -> dict[str, str]:
    return {k: v.title for k, v in compiled.scheme.model.evidence.items()}


@command("validate")
def cmd_validate(args) -> int:
    compiled = files.open_scheme(args.criteria)
    m = compiled.scheme.model
    leaves = len(compiled.rules)
    total = sum((a.max for a in m.areas if not a.bonus), 0)
    if args.lang == "vi":
        line = (f"{files.rel(args.criteria)}: hợp lệ — {m.id} v{m.version} «{m.title}», {len(m.areas)} lĩnh vực, "
                f"{leaves} tiêu chí chấm điểm, {len(m.evidence)} loại tài liệu kiểm chứng, tổng {i18n.num(total)} điểm")
    else:
        line = (f"{files.rel(args.criteria)}: valid — {m.id} v{m.version} \"{m.title}\", {len(m.areas)} areas, "
                f"{leaves} scored criteria, {len(m.evidence)} evidence keys, {i18n.num(total, 'en')} points")
    emit(args, line + "\n")
    return EXIT_OK


def score_args(args, **kw):
    from .evaluate import score
    crit, ev, sv = resolve_pair(args)
    compiled = files.open_scheme(crit)
    sub = files.open_evidence(ev, compiled)
    survey = files.open_survey(sv, compiled, sub.unit.id)
    return compiled, score(compiled, sub, survey, matcher=args.matcher, **kw)


@command("score")
def cmd_score(args) -> int:
    from .report import dumps, render_text, result_json
    compiled, result = score_args(args)
    titles = titles_of(compiled)
    if args.format == "json":
        emit(args, dumps(result_json(result, titles, args.lang)))
    else:
        emit(args, render_text(result, titles, args.lang, markdown=args.format == "md"))
    return EXIT_INPUT if result.errors else EXIT_OK


@command("explain")
def cmd_explain(args) -> int:
    from .report import dumps, render_explain
    from .report.jsonout import node_json
    from .explain import Explainer
    if args.criteria is not None and args.evidence is None and args.node is None:
        # "explain 1.1.1": a lone argument is a node of the built-in example (a criteria
        # file alone is never valid, so nothing else could be meant)
        args.node, args.criteria = args.criteria, None
    compiled, result = score_args(args)
    titles = titles_of(compiled)
    if args.node and args.node not in result.nodes:
        from criteria import suggest
        raise UsageError(f"parscore: no node \"{args.node}\" in {compiled.id}{suggest(args.node, result.nodes)}")
    ids = [args.node] if args.node else None
    if args.format == "json":
        ex = Explainer(titles, args.lang)
        nodes = [result.nodes[i] for i in (ids or result.nodes)]
        emit(args, dumps({"nodes": [node_json(n, ex) for n in nodes]}))
    else:
        emit(args, render_explain(result, titles, args.lang, ids))
    return EXIT_INPUT if result.errors else EXIT_OK


_NOT_PATHS = frozenset(("command", "output", "lang", "format", "matcher", "jobs", "top"))


def command_inputs(args) -> list[str]:
    """Every argument that names an existing file or folder (and the built-in example files)."""
    found = [str(files.EXAMPLE_CRITERIA), str(files.EXAMPLE_EVIDENCE), str(files.EXAMPLE_SURVEY)]
    for name, value in vars(args).items():
        if name in _NOT_PATHS:
            continue
        for v in value if isinstance(value, (list, tuple)) else (value,):
            if isinstance(v, str) and v:
                found.append(v)
    return found


def check_output_arg(args) -> None:
    """``-o`` is checked before any work: never an input, a folder, a device, a pipe or ''."""
    out = getattr(args, "output", None)
    if out is not None:
        files.check_output(out, command_inputs(args))


def report_refused(exc: files.OutputRefused, lang: str) -> None:
    if lang == "vi":
        from .errors_vi import headline
        text = f"{headline(exc.code) or 'không ghi tệp kết quả'} — {exc.vi}"
    else:
        text = str(exc)
    print(f"{files.rel(exc.path)}: {exc.code}: {text}", file=sys.stderr)


def report_input_error(exc: InputError, lang: str) -> None:
    diags = exc.diagnostics
    if lang == "vi":
        head = f"Dữ liệu không hợp lệ ({len(diags)} lỗi); không chấm điểm:"
    else:
        head = f"Invalid input ({len(diags)} errors); nothing was scored:"
    print(head, file=sys.stderr)
    for d in diags:
        loc = d.loc
        shown = type(loc)(files.rel(loc.file) if not loc.file.startswith("<") else loc.file, loc.line, loc.col, loc.cell)
        text = d.message
        if lang == "vi":
            from .errors_vi import headline
            vi = headline(d.code)
            detail = d.vi or d.message   # the loader's Vietnamese wording where it has one
            text = f"{vi} — {detail}" if vi else detail
        print(f"{shown}: {d.code}: {text}", file=sys.stderr)


def _tune_process() -> None:
    """Process-wide settings only a command (never an embedding host) may make."""
    from rules.process import tune_malloc
    tune_malloc()


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    lang = "en" if "--lang" in argv and argv[argv.index("--lang") + 1:][:1] == ["en"] else "vi"
    _tune_process()
    try:
        parser = build_parser()
        args = parser.parse_args(argv)
        if not args.command:
            parser.print_help(sys.stderr)
            return EXIT_USAGE
        check_output_arg(args)
        return COMMANDS[args.command](args)
    except UsageError as exc:
        print(str(exc), file=sys.stderr)
        return EXIT_USAGE
    except InputError as exc:
        report_input_error(exc, lang)
        return EXIT_INPUT
    except files.OutputRefused as exc:
        report_refused(exc, lang)
        return EXIT_INPUT
    except BrokenPipeError:
        return EXIT_OK
    except KeyboardInterrupt:
        return 130
    except OSError as exc:
        print(f"parscore: {exc.filename or ''}: {exc.strerror or exc}", file=sys.stderr)
        return EXIT_INPUT
    except SystemExit as exc:  # argparse --help
        return int(exc.code or 0)
    except Exception as exc:  # a defect: say so plainly, never a traceback
        print(f"parscore: internal error ({type(exc).__name__}: {exc}); please report it", file=sys.stderr)
        return EXIT_INPUT


if __name__ == "__main__":
    sys.exit(main())
