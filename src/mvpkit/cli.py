"""The `mvpkit` command: thin wrappers that parse, call the kit and print."""

from __future__ import annotations

import os
import sys
from datetime import datetime
from pathlib import Path

import click

from mvpkit.figures_commands import figures
from mvpkit.research_cli.commands import research
from mvpkit.staff_commands import staff

# Each command imports what it needs, so `mvpkit new` does not wait for SQLAlchemy.


service_option = click.option(
    "--service",
    "service_dir",
    type=click.Path(exists=True, file_okay=False, path_type=Path),
    default=Path("."),
    show_default=True,
    help="The service folder whose database to use.",
)


@click.group()
@click.version_option(package_name="mvpkit")
def main() -> None:
    """Build, run and check GOV.UK-styled services from plain YAML."""


@main.command()
@click.argument("name")
@click.option(
    "-o",
    "--output-dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("."),
    show_default=True,
    help="Where to create the service folder.",
)
@click.option("--no-input", is_flag=True, help="Do not ask questions; use the defaults.")
def new(name: str, output_dir: Path, no_input: bool) -> None:
    """Create a new service called NAME from the template."""
    from cookiecutter.exceptions import OutputDirExistsException

    from mvpkit.scaffold import new_service

    try:
        folder = new_service(name, output_dir, no_input=no_input)
    except OutputDirExistsException as exc:
        raise click.ClickException(f"{exc}: choose another name or output folder.") from exc
    click.echo(f"Created {folder}")
    click.echo(f"Run it with: mvpkit serve {folder}")


@main.command()
@click.argument("path", type=click.Path(exists=True, path_type=Path), default=Path("."))
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=8000, show_default=True, type=int)
@click.option("--workers", default=2, show_default=True, type=int, help="gunicorn workers.")
@click.option(
    "--threads",
    default=4,
    show_default=True,
    type=click.IntRange(1, 64),
    help="Threads in each worker: requests each worker answers at once.",
)
@click.option("--reload", is_flag=True, help="Restart on changes (development server).")
@click.option(
    "--access-log/--no-access-log",
    default=True,
    show_default=True,
    help="Print a line for every request.",
)
def serve(
    path: Path, host: str, port: int, workers: int, threads: int, reload: bool, access_log: bool
) -> None:
    """Serve the service in PATH, or every service in the folders below it."""
    from mvpkit import serve as server
    from mvpkit.clock import ClockError, start_from_environment
    from mvpkit.frontend.asset_build import build_assets
    from mvpkit.frontend.assets import AssetsError
    from mvpkit.ports import PortError, check_port
    from mvpkit.settings import SettingsError, load_settings

    try:
        if not os.environ.get("WERKZEUG_RUN_MAIN"):  # --reload's child: its parent holds the port
            check_port(host, port)
        services = server.find_services(path)
        for folder in services:
            _fail_on_problems(folder)
            load_settings(folder)
        build_assets(say=_say)
        _say_clock(start_from_environment())
    except (server.NoServicesError, AssetsError, SettingsError, PortError, ClockError) as exc:
        raise click.ClickException(str(exc)) from exc
    names = ", ".join(f"http://{host}:{port}/{folder.name}/" for folder in services)
    click.echo(f"Serving {names}", err=True)
    if reload or sys.platform == "win32":
        server.run_reloader(services, host, port)
    else:
        server.run_gunicorn(services, host, port, workers, threads=threads, access_log=access_log)


def _say(message: str) -> None:
    """Tell the person at the terminal what a long step is doing (on stderr)."""
    click.echo(message, err=True)


def _say_clock(moment: datetime | None) -> None:
    """Say when MVPKIT_CLOCK has started the clock at another moment than now."""
    if moment is not None:
        _say(f"The clock starts at {moment.isoformat(timespec='minutes')} (MVPKIT_CLOCK)")


def _fail_on_problems(folder: Path) -> None:
    from mvpkit.definition.loader import DefinitionError, load_service

    try:
        load_service(folder)  # checked once: building the app takes it as loaded here
    except DefinitionError as exc:
        raise click.ClickException("\n".join(str(problem) for problem in exc.problems)) from exc


@main.command()
@click.argument("path", type=click.Path(exists=True, path_type=Path), default=Path("."))
def validate(path: Path) -> None:
    """Check service definitions: problems and warnings, each with its file and line.

    Exits with status 1 when there is a problem; warnings alone do not fail.
    """
    from mvpkit.definition.loader import review_definition
    from mvpkit.serve import NoServicesError, find_services

    try:
        targets = [path] if path.is_file() else find_services(path)
    except NoServicesError as exc:
        raise click.ClickException(str(exc)) from exc
    failed = False
    for target in targets:
        review = review_definition(target)
        for problem in sorted([*review.problems, *review.warnings], key=lambda p: p.line):
            click.echo(str(problem))
        failed = failed or bool(review.problems)
        if not review.problems:
            shown = target if target.is_file() else target / "service.yaml"
            count = len(review.warnings)
            warned = f" ({count} warning{'s' if count != 1 else ''})" if count else ""
            click.echo(f"{shown}: no problems found{warned}")
    if failed:
        sys.exit(1)


@main.command("map")
@click.argument("path", type=click.Path(exists=True, path_type=Path))
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Write the SVG to this file (like journey-map.svg) instead of printing it.",
)
def map_command(path: Path, output: Path | None) -> None:
    """Draw the journey of the service at PATH as an SVG: its pages, branches and exit pages.

    PATH is a service folder or its service.yaml. A definition with problems is not drawn:
    they are listed, each with its file and line, as `mvpkit validate` lists them.
    """
    from mvpkit.definition.loader import check_definition
    from mvpkit.journeys.journey_map import journey_map, journey_map_svg

    service, problems = check_definition(path)
    if problems or service is None:
        for problem in problems:
            click.echo(str(problem), err=True)
        raise click.ClickException(f"{path}: fix the problems above to draw its journey map.")
    svg = journey_map_svg(journey_map(service))
    if output is None:
        click.echo(svg, nl=False)
        return
    output.write_text(svg, encoding="utf-8")
    click.echo(f"Wrote {output}")


@main.command()
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Write the schema to this file (service.schema.json beside service.yaml) "
    "instead of printing it.",
)
def schema(output: Path | None) -> None:
    """The JSON Schema of service.yaml, for editors that check YAML as you type."""
    from mvpkit.definition.schema import schema_text

    if output is None:
        click.echo(schema_text(), nl=False)
        return
    output.write_text(schema_text(), encoding="utf-8")
    click.echo(f"Wrote {output}")


@main.command()
@click.argument("path", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option(
    "--stages",
    default="validate,features,accessibility,load",
    show_default=True,
    help="Which checks to run, separated by commas.",
)
@click.option(
    "--users",
    default=10,
    show_default=True,
    type=click.IntRange(1, 200),
    help="Locust users in the load stage.",
)
@click.option(
    "--seconds",
    default=15,
    show_default=True,
    type=click.IntRange(1, 600),
    help="How long the load stage runs.",
)
@click.option(
    "--report",
    "report_dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("mvpkit-report"),
    show_default=True,
    help="Where to write the report.",
)
def check(path: Path, stages: str, users: int, seconds: int, report_dir: Path) -> None:
    """The release gate: definition, features, accessibility and load, with a report."""
    from mvpkit.gate.check import STAGES, GateOptions, run_gate
    from mvpkit.gate.report import write_report
    from mvpkit.gate.requirements import install_hint, missing_for

    chosen = [stage.strip() for stage in stages.split(",") if stage.strip()]
    unknown = [stage for stage in chosen if stage not in STAGES]
    if unknown:
        raise click.ClickException(
            f"Unknown stage {', '.join(unknown)}: choose from {', '.join(STAGES)}."
        )
    missing = missing_for(chosen)
    if missing:
        raise click.ClickException(install_hint(missing))
    result = run_gate(
        path, GateOptions(stages=chosen, users=users, seconds=seconds, report_dir=report_dir)
    )
    for stage in result.stages:
        verdict = "not run" if stage.skipped else "passed" if stage.passed else "FAILED"
        click.echo(f"{stage.name:<14} {verdict:<8} {stage.seconds:>6.1f}s  {stage.summary}")
        for detail in stage.details[:20]:
            click.echo("    " + detail.replace("\n", "\n    "))
    page = write_report(result)
    click.echo(f"Report: {page}")
    if not result.passed:
        sys.exit(1)


@main.group()
def features() -> None:
    """Gherkin features for a service's journey."""


@features.command("draft")
@click.argument("path", type=click.Path(exists=True, file_okay=False, path_type=Path))
def features_draft(path: Path) -> None:
    """Write a first feature for each route through PATH's journey; never overwrites."""
    from mvpkit.definition import load_service
    from mvpkit.gate.browser_stages import features_dir
    from mvpkit.testing.draft import draft_features

    _fail_on_problems(path)
    folder = features_dir(path) or path / "features"
    drafted = draft_features(load_service(path), folder)
    for written in drafted.written:
        click.echo(f"Wrote {written}")
    for skipped in drafted.skipped:
        click.echo(f"Skipped {skipped}: it is there already")
    if not drafted.written and not drafted.skipped:
        click.echo("No routes to draft: the service asks no questions of its own.")


@main.command("purge")
@click.argument("path", type=click.Path(exists=True, path_type=Path), default=Path("."))
def purge_command(path: Path) -> None:
    """Delete expired drafts of every service in the database PATH's services use (for cron)."""
    from mvpkit.purge import purge
    from mvpkit.serve import NoServicesError, find_services, migrate
    from mvpkit.settings import SettingsError

    try:
        services = find_services(path)
        migrate(services)
        purged = purge(services)
    except (NoServicesError, SettingsError) as exc:
        raise click.ClickException(str(exc)) from exc
    for each in purged:
        click.echo(
            f"Deleted {each.drafts} draft(s) nobody had changed for {each.keep_days} days "
            f"from {each.database}"
        )


@main.command()
def assets() -> None:
    """Fetch GOV.UK Frontend from npm and build the stylesheets (done by serve too)."""
    from mvpkit.frontend.asset_build import build_assets
    from mvpkit.frontend.assets import AssetsError

    try:
        built = build_assets(say=_say)
    except AssetsError as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(f"GOV.UK Frontend assets are in {built.root}")


@main.group()
def email() -> None:
    """Send the emails services have queued."""


@email.command("send")
@service_option
@click.option(
    "--watch",
    type=click.IntRange(1, 3600),
    default=None,
    help="Keep going, looking for due emails every this many seconds.",
)
def email_send(service_dir: Path, watch: int | None) -> None:
    """Send due emails with the sender MVPKIT_EMAIL_SENDER names; failures are retried."""
    import os
    import time

    from mvpkit.email.outbox import deliver_due
    from mvpkit.email.senders import EmailSettingsError, sender_from_settings
    from mvpkit.migrate import upgrade
    from mvpkit.settings import SettingsError, load_settings
    from mvpkit.store.database import connect

    try:
        sender = sender_from_settings(os.environ)
        settings = load_settings(service_dir.resolve())
    except (EmailSettingsError, SettingsError) as exc:
        raise click.ClickException(str(exc)) from exc
    database = connect(settings.database_url)
    try:
        upgrade(database.engine)
        while True:
            report = deliver_due(database, sender)
            click.echo(
                f"Sent {len(report.sent)}, will retry {len(report.retrying)}, "
                f"failed {len(report.failed)}"
            )
            if watch is None:
                break
            time.sleep(watch)
    finally:
        database.dispose()


main.add_command(staff)
main.add_command(figures)
main.add_command(research)


if __name__ == "__main__":
    main()
