"""``parscore criteria …``: author a scheme in Excel, verify it, compare two schemes.

- ``template -o FILE.xlsx``: an empty scheme workbook with its «Hướng dẫn»;
- ``import FILE.xlsx [-o scheme.yaml]``: the workbook as canonical YAML (checked first);
- ``export SCHEME [-o FILE.xlsx]``: a scheme (YAML or workbook) as a workbook;
- ``verify SCHEME``: the property contract on the author's scheme (``authoring.verify``);
- ``diff OLD NEW [--units DIR]``: what changed and what it does to last year's units.

Exit codes as for every command: 0 done (verify: no counterexample), 1 invalid
input or a counterexample, 2 usage.
"""
from __future__ import annotations

from pathlib import Path

from . import files
from .cli import EXIT_INPUT, EXIT_OK, UsageError, command, emit

HELP = "soạn, kiểm tra, so sánh bộ tiêu chí (xlsx, yaml) / author, verify and compare criteria schemes"


def add_parsers(sub, common) -> None:
    sp = sub.add_parser("criteria", help=HELP, description=HELP)
    csub = sp.add_subparsers(dest="criteria_command", metavar="ACTION")

    t = csub.add_parser("template", help="mẫu Excel để soạn bộ tiêu chí / an empty scheme workbook")
    common(t, fmt=None)

    i = csub.add_parser("import", help="Excel → YAML chuẩn (kiểm tra trước) / workbook → canonical YAML")
    i.add_argument("workbook", help="scheme workbook (.xlsx)")
    common(i, fmt=None)

    e = csub.add_parser("export", help="YAML → Excel để sửa / a scheme as a workbook")
    e.add_argument("scheme", help="criteria file (YAML or .xlsx)")
    common(e, fmt=None)

    v = csub.add_parser("verify", help="kiểm tra tính chất của bộ tiêu chí / check the property contract")
    v.add_argument("scheme", help="criteria file (YAML or .xlsx)")
    v.add_argument("--examples", type=int, default=100, metavar="N",
                   help="generated evidence files (default 100); bounds the run's time")
    v.add_argument("--seed", type=int, default=0, metavar="S", help="random seed (default 0): same seed, same run")
    v.add_argument("--matcher", choices=("durable", "python"), default="durable")
    v.add_argument("--save", metavar="DIR", help="write each counterexample's evidence file(s) into DIR")
    common(v, fmt=("text", "json"))

    d = csub.add_parser("diff", help="so sánh hai bộ tiêu chí, tác động đến điểm / compare two schemes")
    d.add_argument("old", help="the scheme in force (YAML or .xlsx)")
    d.add_argument("new", help="the revised scheme (YAML or .xlsx)")
    d.add_argument("--units", metavar="DIR", help="last year's evidence files (a folder): the score impact")
    d.add_argument("--matcher", choices=("durable", "python"), default="durable")
    common(d, fmt=("text", "md", "json", "xlsx"))


def _need_output(args, what: str) -> None:
    if not args.output:
        raise UsageError(f"parscore criteria {what}: give -o FILE.xlsx (a workbook is not printed)")


def _summary(path: str, compiled, lang: str) -> str:
    m = compiled.scheme.model
    if lang == "vi":
        return (f"{files.rel(path)}: hợp lệ — {m.id} v{m.version}, {len(compiled.scheme.nodes)} tiêu chí "
                f"({len(compiled.rules)} chấm điểm), {len(m.evidence)} loại tài liệu kiểm chứng; "
                f"sha256 {compiled.sha256[:16]}…")
    return (f"{files.rel(path)}: valid — {m.id} v{m.version}, {len(compiled.scheme.nodes)} nodes "
            f"({len(compiled.rules)} scored), {len(m.evidence)} evidence keys; sha256 {compiled.sha256[:16]}…")


def _note(text: str) -> None:
    import sys
    print(text, file=sys.stderr)


@command("criteria")
def cmd_criteria(args) -> int:
    action = getattr(args, "criteria_command", None)
    if action is None:
        raise UsageError("parscore criteria: choose an action: template, import, export, verify, diff")
    return ACTIONS[action](args)


def do_template(args) -> int:
    from .authoring.workbook import template_workbook
    _need_output(args, "template")
    emit(args, template_workbook())
    return EXIT_OK


def do_import(args) -> int:
    from .authoring.yaml_out import scheme_yaml
    if Path(args.workbook).suffix.lower() not in (".xlsx", ".xlsm"):
        raise UsageError(f"parscore criteria import: {args.workbook} is not a workbook (.xlsx)")
    compiled = files.open_scheme(args.workbook)
    comment = (f"Bộ tiêu chí «{compiled.scheme.model.title}»: YAML chuẩn do `parscore criteria import` viết.\n"
               f"sha256 nội dung: {compiled.sha256}")
    emit(args, scheme_yaml(compiled.scheme.model, comment))
    if args.output:
        _note(_summary(args.workbook, compiled, args.lang) + f" → {files.rel(args.output)}")
    return EXIT_OK


def do_export(args) -> int:
    from .authoring.workbook import scheme_workbook
    _need_output(args, "export")
    compiled = files.open_scheme(args.scheme)
    emit(args, scheme_workbook(compiled.scheme.model))
    _note(_summary(args.scheme, compiled, args.lang) + f" → {files.rel(args.output)}")
    return EXIT_OK


def do_verify(args) -> int:
    from .authoring.verify import verify
    from .authoring.verify_report import render_verify, verify_json
    if args.examples < 1:
        raise UsageError("parscore criteria verify: --examples must be at least 1")
    compiled = files.open_scheme(args.scheme)
    report = verify(compiled, examples=args.examples, seed=args.seed, matcher=args.matcher)
    if args.save:
        from .authoring.verify_report import counterexample_files
        for name, text in counterexample_files(report, args.lang):
            files.write_atomic(Path(args.save) / name, text)
    if args.format == "json":
        from .report.jsonout import dumps
        emit(args, dumps(verify_json(report)))
    else:
        emit(args, render_verify(report, args.lang, files.rel(args.save) if args.save else None))
    return EXIT_OK if report.ok else EXIT_INPUT


def do_diff(args) -> int:
    from .authoring.diff import diff_schemes
    from .authoring.diff_report import render_diff
    old, new = files.open_scheme(args.old), files.open_scheme(args.new)
    impact = None
    if args.units:
        from .authoring.impact import score_impact
        impact = score_impact(old, new, args.units, matcher=args.matcher)
    changes = diff_schemes(old, new)
    if args.format == "xlsx":
        _need_output(args, "diff --format xlsx")
    emit(args, render_diff(changes, impact, args.format, args.lang))
    return EXIT_OK


ACTIONS = {"template": do_template, "import": do_import, "export": do_export, "verify": do_verify, "diff": do_diff}
