"""``parscore appraise``: the reconciliation of self-score and appraisal, and reviewer what-ifs."""
from __future__ import annotations

from typing import TYPE_CHECKING

from criteria import Collector, Loc, suggest

from . import files
from .cli import EXIT_INPUT, EXIT_OK, UsageError, command, emit, titles_of

if TYPE_CHECKING:          # the readers are imported by the command, not by ``parscore --help``
    from evidence.appraisal import Round


def add_parsers(sub, common) -> None:
    sp = sub.add_parser("appraise", help="reconcile the self-score with appraisal rounds (biên bản thẩm định)")
    sp.add_argument("criteria")
    sp.add_argument("evidence")
    sp.add_argument("appraisal", nargs="*", help="appraisal files (round 1, 2, …) and the unit's response files")
    sp.add_argument("--survey", help="survey results file")
    sp.add_argument("--matcher", choices=("durable", "python"), default="durable")
    sp.add_argument("--reject", action="append", default=[], metavar="KEY",
                    help="what-if: treat this evidence as rejected (missing)")
    sp.add_argument("--set", action="append", default=[], metavar="KEY=VALUE",
                    help="what-if: correct this evidence to VALUE (written as in an evidence file)")
    sp.add_argument("--na", action="append", default=[], metavar="NODE",
                    help="what-if: treat this criterion as không phát sinh")
    common(sp, fmt=("text", "json", "md", "xlsx", "docx"))


def what_if_round(args, compiled, number: int) -> Round | None:
    """The --reject/--set flags as one extra round that is never written anywhere."""
    from criteria.yamlsrc import read_yaml_text
    from evidence.appraisal import Adjustment, Round
    from evidence.load import parse_item
    scheme = compiled.scheme
    out = Collector()
    adjs = []
    for key in args.reject:
        if key not in scheme.model.evidence:
            raise UsageError(f'parscore: --reject: "{key}" is not an evidence key{suggest(key, scheme.model.evidence)}')
        adjs.append(Adjustment("reject", key, f"--reject {key}"))
    for spec in args.set:
        key, sep, text = spec.partition("=")
        if not sep or key not in scheme.model.evidence:
            raise UsageError(f'parscore: --set wants KEY=VALUE with a catalogue key (got "{spec}")'
                             f'{suggest(key, scheme.model.evidence)}')
        value = read_yaml_text(text, f"--set {key}") if text.strip() else None
        item = parse_item(key, scheme.model.evidence[key].type, value, Loc(f"--set {key}"), out)
        out.check()
        adjs.append(Adjustment("correct", key, f"--set {spec}", item=item))
    for nid in args.na:
        if nid not in scheme.nodes or not scheme.nodes[nid].is_leaf:
            raise UsageError(f'parscore: --na: "{nid}" is not a scored criterion{suggest(nid, scheme.nodes)}')
    if not adjs:
        return None
    return Round("whatif", number, None, None, "", adjustments=tuple(adjs))


@command("appraise")
def cmd_appraise(args) -> int:
    from evidence.appraisal import load_rounds

    from .reconcile import reconcile
    from .report.appraisal import reconciliation_json, render_reconciliation
    from .report.jsonout import dumps
    compiled = files.open_scheme(args.criteria)
    sub = files.open_evidence(args.evidence, compiled)
    survey = files.open_survey(args.survey, compiled, sub.unit.id)
    rounds = load_rounds(args.appraisal, compiled.scheme, sub) if args.appraisal else []
    extra = what_if_round(args, compiled, (max((r.number for r in rounds), default=0) + 1))
    if extra is not None:
        rounds = rounds + [extra]
    if not rounds and not args.na:
        raise UsageError("parscore: appraise needs an appraisal file or a what-if flag (--reject, --set, --na)")
    if args.format in ("xlsx", "docx") and not args.output:
        raise UsageError(f"parscore: --format {args.format} needs -o FILE")
    rec = reconcile(compiled, sub, rounds, survey, matcher=args.matcher, force_na=args.na)
    titles = titles_of(compiled)
    if args.format == "json":
        emit(args, dumps(reconciliation_json(rec, titles, args.lang)))
    elif args.format == "xlsx":
        from .report.appraisal_xlsx import reconciliation_xlsx
        from .report.bienban import build_bienban
        emit(args, reconciliation_xlsx(build_bienban(rec, sub, compiled.scheme, args.lang)))
    elif args.format == "docx":
        from .report.bienban import build_bienban
        from .report.docx_appraisal import render_bienban_docx
        emit(args, render_bienban_docx(build_bienban(rec, sub, compiled.scheme, args.lang)))
    else:
        from .report.bienban import build_bienban
        emit(args, render_reconciliation(rec, titles, args.lang, markdown=args.format == "md",
                                         bb=build_bienban(rec, sub, compiled.scheme, args.lang)))
    failed = rec.self_result.errors or rec.appraised.errors
    return EXIT_INPUT if failed else EXIT_OK
