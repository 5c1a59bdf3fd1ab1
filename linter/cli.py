"""The ``copydesk`` command line (typer). Exit codes: 0 clean, 1 findings at the fail level, 2 errors."""
from __future__ import annotations

import contextlib
import os
import sys
from dataclasses import replace
from enum import Enum
from pathlib import Path
from typing import Annotated, Optional

import typer

from linter import __version__
from linter.report import FORMATS

app = typer.Typer(
    name="copydesk",
    help="Lint translated news articles for what a careful copy editor would catch.\n\n"
         "Example: copydesk lint seeds/ --format json",
    no_args_is_help=True,
    add_completion=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)


Format = Enum("Format", {name: name for name in FORMATS}, type=str)  # `lint --format`: the registry


class ListFormat(str, Enum):
    text = "text"
    json = "json"


class FailOn(str, Enum):
    error = "error"
    warning = "warning"
    info = "info"
    never = "never"


def _version(value: bool) -> None:
    if value:
        typer.echo(f"copydesk {__version__}")
        raise typer.Exit()


@app.callback()
def _main(
    version: Annotated[Optional[bool], typer.Option("--version", "-V", callback=_version, is_eager=True,
                                                    help="Print the version and exit.")] = None,
) -> None:
    """Lint translated news articles for what a careful copy editor would catch."""


def _split(values: Optional[list[str]]) -> tuple[str, ...] | None:
    if values is None:
        return None
    return tuple(v.strip() for value in values for v in value.split(",") if v.strip())


def _fail(message: str) -> None:
    typer.echo(f"copydesk: error: {message}", err=True)
    raise typer.Exit(2)


def _refuse_input_as_output(output: Path, inputs: list[str]) -> None:
    target = output.resolve()
    for raw in inputs:
        if raw != "-" and Path(raw).exists() and Path(raw).resolve() == target:
            _fail(f"--output {output} is one of the input files; refusing to overwrite it")


def write_output(text: str, output: Optional[Path], inputs: list[str]) -> None:
    """Print, or write ``output`` atomically; never overwrite an input file."""
    with output_stream(output, inputs) as handle:
        handle.write(text)


@contextlib.contextmanager
def output_stream(output: Optional[Path], inputs: list[str]):
    """Standard output, or an atomic writer on ``output`` (never an input file)."""
    if output is None:
        yield sys.stdout
        sys.stdout.flush()
        return
    _refuse_input_as_output(output, inputs)
    if not output.resolve().parent.is_dir():
        _fail(f"--output {output}: the folder {output.parent} does not exist")
    from linter.fileio import atomic_writer

    with atomic_writer(output) as handle:
        yield handle


@app.command(
    epilog="Examples:\n\n"
           "  copydesk lint seeds/\n\n"
           "  copydesk lint article.md --format json -o findings.json\n\n"
           "  copydesk lint articles/ --format html -o report.html\n\n"
           "  copydesk lint articles/ --write-baseline .copydesk-baseline.json\n\n"
           "  copydesk lint articles/ --baseline .copydesk-baseline.json --format sarif -o copydesk.sarif\n\n"
           "  copydesk lint articles/ --diff --unsafe-fixes\n\n"
           "  copydesk lint article.txt --fix\n\n"
           "  copydesk lint article.en.txt --source article.uk.txt --select CD9\n\n"
           "  copydesk lint review.xlf corpus.jsonl\n\n"
           "  cat article.txt | copydesk lint - --stdin-filename article.txt --select CD1,CD3",
)
def lint(
    paths: Annotated[list[str], typer.Argument(help="Files or directories to lint; '-' reads standard input.",
                                               show_default=False)],
    format: Annotated[Format, typer.Option("--format", "-f", help="Output format: " + "; ".join(
        f"{name}: {spec.help}" for name, spec in FORMATS.items()) + ".")] = Format.text,
    output: Annotated[Optional[Path], typer.Option("--output", "-o", help="Write the report to this file.")] = None,
    baseline: Annotated[Optional[Path], typer.Option("--baseline", help="Report only findings that are not in "
                                                     "this baseline (written by --write-baseline).")] = None,
    write_baseline: Annotated[Optional[Path], typer.Option("--write-baseline", help="Accept today's findings: "
                                                           "write them to this file and report none.")] = None,
    config: Annotated[Optional[Path], typer.Option("--config", help="Use this configuration file instead of "
                                                   "searching upward for copydesk.toml / pyproject.toml.")] = None,
    select: Annotated[Optional[list[str]], typer.Option(help="Rule codes, prefixes or names to enable "
                                                        "(comma-separated; replaces the configured set).")] = None,
    ignore: Annotated[Optional[list[str]], typer.Option(help="Rule codes, prefixes or names to disable.")] = None,
    extend_select: Annotated[Optional[list[str]], typer.Option(help="Enable these in addition.")] = None,
    fail_on: Annotated[Optional[FailOn], typer.Option(help="Exit 1 when a finding has this severity or "
                                                      "higher (default: error, or the configured fail-on).")] = None,
    exit_zero: Annotated[bool, typer.Option("--exit-zero", help="Exit 0 even when there are findings "
                                            "(input and configuration errors still exit 2).")] = False,
    statistics: Annotated[bool, typer.Option("--statistics", help="Count findings per rule.")] = False,
    stdin_filename: Annotated[Optional[str], typer.Option(help="Name (and type) of the text read from '-'.")] = None,
    encoding: Annotated[Optional[str], typer.Option(help="Decode every input with this encoding.")] = None,
    source: Annotated[Optional[Path], typer.Option("--source", help="The source-language text that the one "
                                                   "PATH translates, paragraph by paragraph: adds the "
                                                   "translation checks (CD9xx).")] = None,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="Print only findings and errors; no summary or "
                                        "progress.")] = False,
    no_color: Annotated[bool, typer.Option("--no-color", help="Plain text output even on a terminal.")] = False,
    fix: Annotated[bool, typer.Option("--fix", help="Apply safe fixes to the files (atomically), then report "
                                      "what is left.")] = False,
    unsafe_fixes: Annotated[bool, typer.Option("--unsafe-fixes", help="With --fix or --diff: apply unsafe "
                                               "fixes too.")] = False,
    diff: Annotated[bool, typer.Option("--diff", help="Print the fixes as a unified diff; write nothing. "
                                       "Exit 1 when there is something to fix.")] = False,
    jobs: Annotated[Optional[int], typer.Option("--jobs", "-j", min=1, help="Lint in this many processes "
                                                "(default: one per core); the output is the same as with "
                                                "--jobs 1.")] = None,
    dask: Annotated[Optional[str], typer.Option("--dask", metavar="SCHEDULER", help="Lint on a Dask cluster: "
                                                "its scheduler address (tcp://host:8786), or 'local' for a "
                                                "cluster on this machine (needs copydesk[dask]).")] = None,
    no_cache: Annotated[bool, typer.Option("--no-cache", help="Lint every file again: neither read nor write "
                                           "the results cached in ~/.cache/copydesk or $COPYDESK_CACHE_DIR.")] = False,
) -> None:
    """Lint articles (.txt, .md, .html), corpora (.json, .jsonl) and translation files (.xlf, .po, .tmx,
    .tsv) and report findings."""
    from linter.errors import CopydeskError
    from linter.finding import SEVERITY_RANK
    from linter.baseline import Baseline
    from linter.report import ReportContext, render, stream
    from linter.runner import Overrides

    if config is not None and not config.is_file():
        _fail(f"--config {config}: no such file")
    if baseline is not None and write_baseline is not None:
        _fail("--baseline and --write-baseline exclude each other: write a baseline, then lint against it")
    try:
        accepted = Baseline.load(baseline) if baseline is not None else None
    except CopydeskError as exc:
        _fail(str(exc))
    spec = FORMATS[format.value]
    overrides = Overrides(select=_split(select), ignore=_split(ignore), extend_select=_split(extend_select),
                          fail_on=fail_on.value if fail_on else None, encoding=encoding)
    if source is not None and (len(paths) != 1 or Path(paths[0]).is_dir()):
        _fail("--source pairs one source text with one translated file: name exactly one file to lint")
    if source is not None and not source.is_file():
        _fail(f"--source {source}: no such file")
    runner = _runner(jobs, dask, no_cache, config=config, overrides=overrides, stdin_filename=stdin_filename,
                     pair_source=source,
                     keep_source=spec.needs_source or baseline is not None or write_baseline is not None)
    if unsafe_fixes and not (fix or diff):
        _fail("--unsafe-fixes only widens --fix (which writes) and --diff (which shows); add one of them")
    fix_failed = (fix or diff) and _apply_fixes(runner, paths, write=not diff, unsafe=unsafe_fixes,
                                                output=output, quiet=quiet)
    color = (format == Format.text and output is None and not no_color and sys.stdout.isatty()
             and "NO_COLOR" not in os.environ)
    context = ReportContext(statistics=statistics, color=color, version=__version__)
    # write as files are linted (a terminal gets the progress bar, then the report); only a tally
    # of the results is kept, so memory stays flat however many files there are
    streaming = spec.streams and write_baseline is None and not (
        format == Format.text and output is None and sys.stdout.isatty())
    try:
        if streaming:
            results = _Outcome(keep_paths=accepted is not None)
            produced = (accepted.filter(r) if accepted else r for r in runner.run(paths))
            with output_stream(output, paths) as handle:
                for chunk in stream(format.value, (results.add(r) for r in produced), context):
                    handle.write(_quiet_text(chunk) if quiet and format == Format.text else chunk)
                    if output is None:
                        handle.flush()
        else:
            results = _collect(runner, paths, show_progress=not quiet and (format == Format.text or output is not None))
            results = [accepted.filter(r) for r in results] if accepted else results
    except CopydeskError as exc:
        _fail(str(exc))
    if write_baseline is not None:
        written = Baseline.from_results(results)
        write_output(written.dumps(), write_baseline, paths)
        typer.echo(f"copydesk: wrote {written.size} finding(s) to {write_baseline}; lint with --baseline "
                   f"{write_baseline} to see only new ones", err=True)
        results = [replace(r, findings=[]) for r in results]
    elif accepted is not None and not quiet and (stale := accepted.stale(_paths(results))):
        typer.echo(f"copydesk: {stale} baselined finding(s) no longer occur; refresh the baseline with "
                   f"--write-baseline {baseline}", err=True)
    if not streaming:
        context.rules = runner.loaded_rules()
        text = render(format.value, results, context)
        if quiet and format == Format.text:
            text = _quiet_text(text)
        write_output(text, output, paths)
        results = _Outcome.of(results)
    if fix_failed or results.errors:
        raise typer.Exit(2)
    if exit_zero:
        raise typer.Exit(0)
    levels = {runner_settings.fail_on for runner_settings in runner.settings_seen.values()} or {"error"}
    if runner._forced_settings is not None:
        levels = {runner._forced_settings.fail_on}
    fail_level = overrides.fail_on or min(levels, key=lambda lv: SEVERITY_RANK.get(lv, 99))
    if fail_level == "never":
        raise typer.Exit(0)
    if results.worst >= SEVERITY_RANK[fail_level]:
        raise typer.Exit(1)


def _apply_fixes(runner, paths: list[str], *, write: bool, unsafe: bool, output: Optional[Path],
                 quiet: bool) -> bool:
    """--fix writes the fixed files and lets the lint go on (True: a file could not be fixed);
    --diff prints the diff and exits here."""
    from linter.fixes import fix_messages, fix_paths

    if write and "-" in paths:
        _fail("--fix cannot rewrite standard input; use --diff to see the fixes")
    results = list(fix_paths(runner, paths, unsafe=unsafe, write=write))
    for message in fix_messages(results, write=write, unsafe=unsafe):
        if not quiet or message.startswith("copydesk: error"):
            typer.echo(message, err=True)
    if not write:
        write_output("".join(r.diff() for r in results), output, paths)
        raise typer.Exit(2 if any(r.error for r in results) else 1 if any(r.changed for r in results) else 0)
    return any(r.error and not r.unreadable for r in results)


def _runner(jobs: Optional[int], dask: Optional[str], no_cache: bool, **options):
    """The runner for --jobs (a process pool, or one process for a single file) or --dask, with
    the result cache unless --no-cache."""
    from linter.cache import ResultCache

    cache = None if no_cache else ResultCache()
    if dask is not None:
        from linter.dask_runner import DaskRunner

        return DaskRunner(dask, jobs=jobs, cache=cache, **options)
    from linter.parallel import ParallelRunner

    return ParallelRunner(jobs=jobs, cache=cache, **options)


class _Outcome:
    """What the exit code (and the baseline's staleness check) needs of the results: a tally."""

    def __init__(self, keep_paths: bool = False):
        from linter.finding import SEVERITY_RANK

        self._rank = SEVERITY_RANK
        self.errors = False
        self.worst = -1
        self.paths: list[str] | None = [] if keep_paths else None

    @classmethod
    def of(cls, results) -> "_Outcome":
        outcome = cls()
        for result in results:
            outcome.add(result)
        return outcome

    def add(self, result):
        self.errors = self.errors or bool(result.error)
        self.worst = max([self.worst, *(self._rank[f.severity] for f in result.findings)])
        if self.paths is not None:
            self.paths.append(result.path)
        return result


def _paths(results) -> list[str]:
    return results.paths if isinstance(results, _Outcome) else [r.path for r in results]


def _quiet_text(text: str) -> str:
    """Text output without its summary line (--quiet)."""
    text = "\n".join(line for line in text.splitlines() if not line.startswith("Found ")) + "\n"
    return "" if text == "\n" else text


def _collect(runner, paths: list[str], show_progress: bool) -> list:
    """Run the linter, with a progress bar on an interactive terminal for long runs."""
    if not (show_progress and sys.stderr.isatty()):
        return list(runner.run(paths))
    from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

    results = []
    with Progress(SpinnerColumn(), TextColumn("{task.description}"), TimeElapsedColumn(),
                  transient=True, console=None) as progress:
        task = progress.add_task("linting", total=None)
        for result in runner.run(paths):
            results.append(result)
            progress.update(task, description=f"linting {len(results)} files: {result.path}")
    return results


@app.command(epilog="Examples:\n\n  copydesk rules\n\n  copydesk rules --format json")
def rules(
    format: Annotated[ListFormat, typer.Option("--format", "-f", help="Output format.")] = ListFormat.text,
    config: Annotated[Optional[Path], typer.Option("--config", help="Include this configuration's house "
                                                   "rule directories.")] = None,
) -> None:
    """List every rule: code, name, category, severity, and whether it is on by default."""
    import json

    from linter.errors import CopydeskError
    from linter.rulepack import load_rules

    try:
        dirs = ()
        if config is not None:
            from linter.config import load_settings

            dirs = load_settings(config).rule_dirs
        pack = load_rules(dirs)
    except CopydeskError as exc:
        _fail(str(exc))
    if format == ListFormat.json:
        rows = [{"code": r.code, "name": r.name, "category": r.category, "severity": r.severity,
                 "kind": r.kind, "default": r.default, "message": r.message} for r in pack.rules]
        typer.echo(json.dumps(rows, ensure_ascii=False, indent=1))
        return
    width = max((len(r.name) for r in pack.rules), default=10)
    typer.echo(f"{'code':6}  {'name':{width}}  {'category':12}  {'severity':8}  default")
    for r in pack.rules:
        typer.echo(f"{r.code:6}  {r.name:{width}}  {r.category:12}  {r.severity:8}  {'on' if r.default else 'off'}")


@app.command(epilog="Examples:\n\n  copydesk explain CD101\n\n  copydesk explain duplicate-headline")
def explain(code: Annotated[str, typer.Argument(help="A rule code (CD101) or name.")]) -> None:
    """Show a rule's documentation and its flag/pass examples."""
    from linter.errors import CopydeskError
    from linter.rulepack import load_rules

    try:
        pack = load_rules()
    except CopydeskError as exc:
        _fail(str(exc))
    rule = next((r for r in pack.rules if code.upper() == r.code or code == r.name), None)
    if rule is None:
        _fail(f"unknown rule {code!r}; `copydesk rules` lists them")
    typer.echo(explain_text(rule))


def explain_text(rule) -> str:
    lines = [f"{rule.code} {rule.name}", "",
             f"category: {rule.category}    severity: {rule.severity}    kind: {rule.kind}"
             f"    default: {'on' if rule.default else 'off'}",
             f"fix: {'safe' if rule.fix['safe'] else 'unsafe'} ({rule.fix['action']})" if rule.fix else "fix: none",
             "", rule.description, "", f"message: {rule.message}", "", "Flagged:"]
    lines += [f"  - {e.text.strip()}" for e in rule.examples_flag]
    lines += ["", "Not flagged:"]
    lines += [f"  - {e.text.strip()}" for e in rule.examples_pass]
    if rule.references:
        lines += ["", "References:", *[f"  - {ref}" for ref in rule.references]]
    return "\n".join(lines)


class EvalFormat(str, Enum):
    text = "text"
    json = "json"
    markdown = "markdown"


@app.command(
    name="eval",
    epilog="Examples:\n\n"
           "  copydesk eval seeds/\n\n"
           "  copydesk eval tests/corpus seeds --min-recall duplication=0.9 --max-false-alarms 0\n\n"
           "  copydesk eval tests/corpus --format markdown -o docs/quality.md",
)
def eval_command(
    paths: Annotated[list[str], typer.Argument(help="Label files (NAME.labels.json) or directories of them.",
                                               show_default=False)],
    format: Annotated[EvalFormat, typer.Option("--format", "-f", help="Output format.")] = EvalFormat.text,
    output: Annotated[Optional[Path], typer.Option("--output", "-o", help="Write the report to this file.")] = None,
    config: Annotated[Optional[Path], typer.Option("--config", help="Lint with this configuration file.")] = None,
    select: Annotated[Optional[list[str]], typer.Option(help="Rule codes, prefixes or names to enable.")] = None,
    ignore: Annotated[Optional[list[str]], typer.Option(help="Rule codes, prefixes or names to disable.")] = None,
    extend_select: Annotated[Optional[list[str]], typer.Option(help="Enable these in addition.")] = None,
    min_recall: Annotated[Optional[list[str]], typer.Option(help="Gate: CATEGORY=R (or all=R); exit 1 when "
                                                            "recall is lower. Repeatable.")] = None,
    max_false_alarms: Annotated[Optional[int], typer.Option(help="Gate: exit 1 when there are more false "
                                                            "alarms than this.")] = None,
    details: Annotated[bool, typer.Option("--details/--no-details", help="List misses and false alarms.")] = True,
) -> None:
    """Measure findings against labelled articles: recall, false alarms and unlabelled findings per category."""
    from linter import evaluate as ev
    from linter.errors import CopydeskError
    from linter.runner import Overrides, Runner

    try:
        bounds = [ev.parse_bound(b) for b in (min_recall or [])]
        label_files = ev.find_label_files(paths)
    except CopydeskError as exc:
        _fail(str(exc))
    if not label_files:
        _fail(f"no label files (*{ev.LABEL_SUFFIX}) in {' '.join(paths)}")
    articles, errors = [], []
    for label_file in label_files:
        try:
            articles.append(ev.load_labels(label_file))
        except CopydeskError as exc:
            errors.append(str(exc))
            typer.echo(f"copydesk: error: {exc}", err=True)
    if config is not None and not config.is_file():
        _fail(f"--config {config}: no such file")
    overrides = Overrides(select=_split(select), ignore=_split(ignore), extend_select=_split(extend_select))
    evaluation = ev.evaluate(articles, Runner(config=config, overrides=overrides), errors)
    if format == EvalFormat.json:
        import json

        text = json.dumps(ev.to_json(evaluation), ensure_ascii=False, indent=1) + "\n"
    elif format == EvalFormat.markdown:
        text = ev.render_markdown(evaluation, command="copydesk eval " + " ".join(paths))
    else:
        text = ev.render_text(evaluation, details=details)
    write_output(text, output, [])
    if evaluation.errors:
        raise typer.Exit(2)
    failures = ev.failed_bounds(evaluation, bounds, max_false_alarms)
    for failure in failures:
        typer.echo(f"copydesk eval: bound failed: {failure}", err=True)
    if failures:
        raise typer.Exit(1)


@app.command(epilog="Examples (editors start it; docs/editors.md shows how):\n\n  copydesk lsp\n\n"
                    "  python -m linter lsp")
def lsp() -> None:
    """Run the language server on standard input/output: diagnostics as you type, fixes as code actions."""
    from linter.lsp import serve

    serve()


def main() -> None:
    app()


if __name__ == "__main__":
    main()
