"""giaoban record commands: one subcommand per write operation.

Each builds the keyword arguments of an operation in :mod:`models.record`, runs it with
:func:`models.record.perform` (one transaction; refusals for lack of rights audited) and
prints what was recorded. Refusals become a message on stderr and exit status 1 (see
:class:`tui.cli.base.DomainErrorGroup`).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import click

from models import i18n
from models.enums import (
    CandidateSource,
    CandidateStage,
    ExemptionKind,
    MassOrg,
    OrgKind,
    RemovalGround,
    ResidenceEventKind,
    Sector,
    TransferReason,
)
from tui.cli.admin import COUNT, DATE, ID, YEAR
from tui.cli.base import CliContext, main, pass_cli

#: Sex as people type it on the command line.
SEX_WORDS = {"nam": "male", "nu": "female", "nữ": "female", "male": "male", "female": "female", "m": "male", "f": "female"}


def _sex(_ctx: click.Context, _param: click.Parameter, value: str | None) -> str | None:
    if value is None:
        return None
    found = SEX_WORDS.get(value.strip().lower())
    if found is None:
        raise click.BadParameter("nam | nu")
    return found


def _run(cli: CliContext, op: Any, **kwargs: Any) -> None:
    from models.record import perform

    result = perform(cli.engine(), None, cli.as_user, op, **kwargs)
    click.echo(result.message(cli.lang))


def _choice(enum: Any) -> click.Choice:
    return click.Choice([e.value for e in enum])


MEMBER = click.option("--member", "member_id", type=ID, required=True, help="The member's id.")
DAY = click.option("--date", "date", type=DATE, required=True, help="The date it happened (YYYY-MM-DD).")
DECISION = click.option("--decision", "decision_no", default=None, help="Decision number.")
DECIDED_BY = click.option("--decided-by", default=None, help="The deciding body.")
NOTE = click.option("--note", default=None)


@main.group("record")
def record_group() -> None:
    """Record what happened: admissions, recognitions, transfers, removals, targets..."""


@record_group.command("admission")
@click.option("--org", required=True, help="Code of the cell.")
@click.option("--name", "full_name", default=None, help="Full name (a new person).")
@click.option("--sex", callback=_sex, default=None, help="nam | nu")
@click.option("--born", "birth_date", type=DATE, default=None, help="Birth date.")
@click.option("--member", "member_id", type=ID, default=None, help="Readmission: the former member's id.")
@DAY
@click.option("--youth-union", is_flag=True, default=False, help="A Youth Union member at admission.")
@click.option("--recommended-by", type=_choice(MassOrg), default=None, help="The recommending mass organisation.")
@click.option("--occasion", default=None, help="Holiday or anniversary of the ceremony (default: from the rules).")
@DECISION
@DECIDED_BY
@click.option("--candidate", "candidate_id", type=ID, default=None, help="The candidate admitted (pipeline id).")
@click.option("--residence", default=None)
@click.option("--ethnicity", default=None, help="Ethnicity (dân tộc), required for a new person.")
@click.option("--religion", default=None, help="Religion (tôn giáo): a value or label, e.g. buddhism, «Phật giáo», none.")
@click.option("--education", "education_level", default=None, help="General education: primary | lower_secondary | upper_secondary (or THCS, THPT).")
@click.option("--professional", "professional_level", default=None, help="Professional level: none | elementary | intermediate | college | university | master | doctor.")
@click.option("--theory", "theory_level", default=None, help="Political theory: none | elementary | intermediate | advanced | bachelor.")
@click.option("--resolution-date", type=DATE, default=None, help="Date of the cell's resolution to admit (age counted then).")
@click.option("--decision-date", type=DATE, default=None, help="Date of the superior committee's decision.")
@click.option("--over-age-decision", default=None, help="Over 60: number of the decision of the level the regulation names.")
@click.option("--exit-circumstance", "exit_circumstances", multiple=True,
              type=click.Choice(["family_hardship", "serious_disunity", "corruption_conviction", "serious_crime_conviction"]),
              help="Readmission: circumstances of the earlier exit (repeatable).")
@NOTE
@pass_cli
def admission_cmd(cli: CliContext, **kw: Any) -> None:
    """Admission ceremony (the joining date); or readmission with --member."""
    from models.record import admission

    if kw["member_id"] is None and (kw["full_name"] is None or kw["sex"] is None or kw["birth_date"] is None):
        raise click.UsageError("--name, --sex and --born are required (or --member for a readmission)")
    _run(cli, admission, **kw)


@record_group.command("recognition")
@MEMBER
@DAY
@DECISION
@DECIDED_BY
@NOTE
@pass_cli
def recognition_cmd(cli: CliContext, **kw: Any) -> None:
    """Official recognition after the probation."""
    from models.record import recognition

    _run(cli, recognition, **kw)


@record_group.command("removal")
@MEMBER
@DAY
@click.option("--ground", type=_choice(RemovalGround), required=True, help="Ground for the removal.")
@DECISION
@DECIDED_BY
@NOTE
@pass_cli
def removal_cmd(cli: CliContext, **kw: Any) -> None:
    """Removal from the rolls (xóa tên)."""
    from models.record import removal

    _run(cli, removal, **kw)


def _simple_command(name: str, op_name: str, doc: str) -> None:
    @record_group.command(name, help=doc)
    @MEMBER
    @DAY
    @DECISION
    @DECIDED_BY
    @NOTE
    @pass_cli
    def cmd(cli: CliContext, **kw: Any) -> None:
        import models.record as record

        _run(cli, getattr(record, op_name), **kw)


_simple_command("leave", "leave", "Leave on request (xin ra khỏi Đảng).")
_simple_command("expulsion", "expulsion", "Expulsion (khai trừ).")
_simple_command("death", "death", "Death.")


@record_group.command("discipline")
@MEMBER
@click.option("--kind", type=click.Choice(["reprimand", "warning", "dismissal"]), required=True,
              help="reprimand (khiển trách) | warning (cảnh cáo) | dismissal (cách chức); expulsion: record expulsion.")
@DAY
@click.option("--decision", "decision_no", required=True, help="Decision number.")
@DECIDED_BY
@NOTE
@pass_cli
def discipline_cmd(cli: CliContext, **kw: Any) -> None:
    """A disciplinary measure (kỷ luật) short of expulsion, with its decision."""
    from models.discipline import discipline

    _run(cli, discipline, **kw)


@record_group.command("card")
@MEMBER
@click.option("--number", required=True, help="The card's number (số thẻ đảng viên).")
@click.option("--date", "date", type=DATE, required=True, help="The day the card was issued (YYYY-MM-DD).")
@DECISION
@pass_cli
def card_cmd(cli: CliContext, **kw: Any) -> None:
    """A Party card (thẻ đảng viên) issued to an official member."""
    from models.cards import issue_card

    _run(cli, issue_card, **kw)


@record_group.command("rating")
@click.option("--member", "member_id", type=int, default=None, help="The member rated (or --org).")
@click.option("--org", default=None, help="Code of the organisation rated (or --member).")
@click.option("--year", type=int, required=True, help="The year rated.")
@click.option("--rating", type=click.Choice(["excellent", "good", "completed", "not_completed"]), required=True,
              help="excellent | good | completed | not_completed")
@pass_cli
def rating_cmd(cli: CliContext, member_id: int | None, org: str | None, year: int, rating: str) -> None:
    """The year's quality rating (xếp loại chất lượng) of a member or of an organisation."""
    from models.ratings import member_rating, org_rating

    if (member_id is None) == (org is None):
        raise click.UsageError("--member or --org (one of them)")
    if member_id is not None:
        _run(cli, member_rating, member_id=member_id, year=year, rating=rating)
    else:
        _run(cli, org_rating, org=org, year=year, rating=rating)


@record_group.command("makeup")
@MEMBER
@click.option("--religion", default=None, help="Religion (tôn giáo): a value or label, e.g. buddhism, «Phật giáo», none.")
@click.option("--education", "education_level", default=None, help="General education: primary | lower_secondary | upper_secondary (or THCS, THPT).")
@click.option("--professional", "professional_level", default=None, help="Professional level: none | elementary | intermediate | college | university | master | doctor.")
@click.option("--theory", "theory_level", default=None, help="Political theory: none | elementary | intermediate | advanced | bachelor.")
@pass_cli
def makeup_cmd(cli: CliContext, **kw: Any) -> None:
    """A member's make-up: religion, general education, professional and political theory levels
    (those given; the rest stay as recorded)."""
    from models.record import member_makeup

    _run(cli, member_makeup, **kw)


@record_group.command("ownership")
@click.option("--org", required=True, help="Code of the enterprise's Party organisation.")
@click.option("--ownership", required=True, help="state | private | foreign_invested (or the Vietnamese label).")
@pass_cli
def ownership_cmd(cli: CliContext, **kw: Any) -> None:
    """An enterprise's ownership (its cells share it): admissions in private enterprises are counted by it."""
    from models.record import org_ownership

    _run(cli, org_ownership, **kw)


@record_group.command("area")
@click.option("--org", required=True, help="Code of the commune, ward or township committee.")
@click.option("--name", required=True, help="Name of the hamlet or neighbourhood.")
@click.option("--kind", required=True, help="hamlet (ấp) | neighbourhood (khu phố).")
@click.option("--cell", default=None, help="Code of the cell that serves it (none: no cell yet).")
@DAY
@pass_cli
def area_cmd(cli: CliContext, **kw: Any) -> None:
    """A hamlet or neighbourhood of a commune from a date, and the cell that serves it."""
    from models.record import residential_area

    _run(cli, residential_area, **kw)


@record_group.command("transfer")
@MEMBER
@DAY
@click.option("--to", default=None, help="Code of the receiving cell.")
@click.option("--to-outside", default=None, help="Name of a receiving organisation outside the database.")
@click.option("--temporary", is_flag=True, default=False, help="Temporary transfer (needs --until).")
@click.option("--until", "ends_on", type=DATE, default=None, help="Planned end of a temporary transfer.")
@click.option("--reason", type=_choice(TransferReason), default=None,
              help="Why a temporary transfer: residence_or_work (3 months to under a year) or full_time_training (up to 2 years).")
@DECISION
@DECIDED_BY
@NOTE
@pass_cli
def transfer_cmd(cli: CliContext, temporary: bool, ends_on: dt.date | None, reason: str | None, **kw: Any) -> None:
    """Transfer: permanent (default) or temporary."""
    from models.record import temporary_transfer, transfer

    if temporary:
        _run(cli, temporary_transfer, ends_on=ends_on, reason=reason, **kw)
    else:
        if ends_on is not None or reason is not None:
            raise click.UsageError("--until and --reason go with --temporary")
        _run(cli, transfer, **kw)


@record_group.command("transfer-in")
@click.option("--org", required=True, help="Code of the receiving cell.")
@DAY
@click.option("--from", "from_outside", required=True, help="The organisation outside the database the member comes from.")
@click.option("--member", "member_id", type=ID, default=None, help="A member who transferred out earlier.")
@click.option("--name", "full_name", default=None)
@click.option("--sex", callback=_sex, default=None, help="nam | nu")
@click.option("--born", "birth_date", type=DATE, default=None)
@click.option("--ethnicity", default=None, help="Ethnicity (dân tộc), required for a person new to the database.")
@click.option("--probation-since", "probation_since", type=DATE, default=None,
              help="A probationary member (đảng viên dự bị): the day their probation began, the admission ceremony elsewhere.")
@click.option("--admission-decision", "admission_decision", default=None,
              help="With --probation-since: the admission decision elsewhere (number and issuing body).")
@DECISION
@DECIDED_BY
@NOTE
@pass_cli
def transfer_in_cmd(cli: CliContext, **kw: Any) -> None:
    """A member arrives from an organisation outside the database (chuyển sinh hoạt đến); a
    probationary one with --probation-since and --admission-decision."""
    from models.record import transfer_in_from_outside

    _run(cli, transfer_in_from_outside, **kw)


@record_group.command("target")
@click.option("--org", required=True)
@click.option("--year", type=YEAR, required=True)
@click.option("--target", type=COUNT, required=True, help="Number of admissions registered for the year.")
@DECISION
@pass_cli
def target_cmd(cli: CliContext, **kw: Any) -> None:
    """Set or change an organisation's yearly admission target."""
    from models.record import set_target

    _run(cli, set_target, **kw)


@record_group.command("exemption")
@MEMBER
@DAY
@click.option("--until", "ends_on", type=DATE, default=None, help="Planned end (required for far_away).")
@click.option("--kind", type=_choice(ExemptionKind), default=None,
              help="elderly_or_sick (Charter Art. 7, no time limit) or far_away (under 12 months).")
@click.option("--end", "end", is_flag=True, default=False, help="Record the end of the exemption instead.")
@DECISION
@NOTE
@pass_cli
def exemption_cmd(
    cli: CliContext, end: bool, ends_on: dt.date | None, kind: str | None, decision_no: str | None, **kw: Any
) -> None:
    """Exemption from activities (start, or --end)."""
    from models.record import exemption_end, exemption_start

    if end:
        _run(cli, exemption_end, **kw)
    else:
        _run(cli, exemption_start, ends_on=ends_on, kind=kind, decision_no=decision_no, **kw)


@record_group.command("far-away")
@MEMBER
@DAY
@click.option("--action", type=click.Choice(["start", "end", "contact"]), default="start", show_default=True)
@click.option("--until", "ends_on", type=DATE, default=None, help="Planned return (start only).")
@NOTE
@pass_cli
def far_away_cmd(cli: CliContext, action: str, ends_on: dt.date | None, **kw: Any) -> None:
    """A member working far away: started, reported back (contact), came back (end)."""
    from models.record import far_away_contact, far_away_end, far_away_start

    if action == "start":
        _run(cli, far_away_start, ends_on=ends_on, **kw)
    else:
        _run(cli, far_away_end if action == "end" else far_away_contact, **kw)


@record_group.command("candidate")
@click.option("--org", required=True)
@click.option("--name", "full_name", required=True)
@click.option("--sex", callback=_sex, required=True, help="nam | nu")
@click.option("--born", "birth_date", type=DATE, required=True)
@DAY
@click.option("--source", type=_choice(CandidateSource), default=CandidateSource.CELL.value, show_default=True)
@click.option("--helper", "helper_member_id", type=ID, default=None, help="Id of the member who helps.")
@NOTE
@pass_cli
def candidate_cmd(cli: CliContext, **kw: Any) -> None:
    """A new candidate in a cell's pipeline."""
    from models.record import create_candidate

    _run(cli, create_candidate, **kw)


@record_group.command("candidate-stage")
@click.option("--candidate", "candidate_id", type=ID, required=True)
@click.option("--stage", type=click.Choice([s.value for s in CandidateStage if s != CandidateStage.ADMITTED]), required=True)
@DAY
@NOTE
@pass_cli
def candidate_stage_cmd(cli: CliContext, **kw: Any) -> None:
    """Move a candidate to the next stage (or drop them)."""
    from models.record import candidate_stage

    _run(cli, candidate_stage, **kw)


@record_group.command("r213-link")
@MEMBER
@click.option("--residence", required=True, help="Code of the residence organisation.")
@DAY
@pass_cli
def r213_link_cmd(cli: CliContext, **kw: Any) -> None:
    """Regulation 213: start following a working member's contact with their residence."""
    from models.record import create_link

    _run(cli, create_link, **kw)


@record_group.command("r213")
@click.option("--link", "link_id", type=ID, required=True)
@click.option("--kind", type=_choice(ResidenceEventKind), required=True)
@DAY
@click.option("--year", type=YEAR, default=None, help="Rating year (comment requests and returns).")
@NOTE
@pass_cli
def r213_cmd(cli: CliContext, **kw: Any) -> None:
    """Regulation 213: letter sent, registered, exempted, comments requested/returned, ended."""
    from models.record import residence_event

    _run(cli, residence_event, **kw)


@record_group.command("org-create")
@click.option("--code", required=True)
@click.option("--name", required=True)
@click.option("--kind", type=_choice(OrgKind), required=True)
@click.option("--sector", type=_choice(Sector), default=None)
@click.option("--parent", default=None, help="Code of the parent (none: a top-level organisation, admins only).")
@click.option("--from", "valid_from", type=DATE, required=True, help="First day of existence.")
@click.option("--from-unknown", "from_unknown", is_flag=True, default=False,
              help="The founding day is not known: --from is only the day the books count it from.")
@pass_cli
def org_create_cmd(cli: CliContext, from_unknown: bool, **kw: Any) -> None:
    """Create an organisation."""
    from models.record import create_org

    _run(cli, create_org, valid_from_known=not from_unknown, **kw)


@record_group.command("org-move")
@click.option("--org", required=True)
@click.option("--parent", required=True)
@DAY
@pass_cli
def org_move_cmd(cli: CliContext, **kw: Any) -> None:
    """Move an organisation (and everything under it) under another parent."""
    from models.record import move_org

    _run(cli, move_org, **kw)


@record_group.command("org-merge")
@click.option("--merged", multiple=True, required=True, help="Code of an organisation merged (repeat).")
@click.option("--into", required=True, help="Code of the successor.")
@DAY
@click.option("--child", "children", multiple=True, help="CHILD=PARENT: where a child of a merged organisation goes.")
@click.option("--keep-children", is_flag=True, default=False)
@pass_cli
def org_merge_cmd(cli: CliContext, merged: tuple[str, ...], children: tuple[str, ...], **kw: Any) -> None:
    """Merge organisations into a successor; their members move with transfer events."""
    from models.record import merge_orgs

    mapping: dict[str, str] = {}
    for item in children:
        child, sep, parent = item.partition("=")
        if not sep or not child.strip() or not parent.strip():
            raise click.BadParameter("CHILD=PARENT", param_hint="--child")
        mapping[child.strip()] = parent.strip()
    _run(cli, merge_orgs, merged=list(merged), children=mapping, **kw)


__all__ = ["record_group", "i18n"]


@record_group.command("meeting")
@click.option("--org", required=True, help="Code of the cell.")
@DAY
@click.option("--absent", "absent", type=int, multiple=True, help="A member absent without a reason (repeat).")
@click.option("--excused", "excused", type=int, multiple=True, help="A member absent with a reason (repeat).")
@NOTE
@pass_cli
def meeting_cmd(cli: CliContext, **kw: Any) -> None:
    """A cell meeting (sinh hoạt chi bộ) and who was absent; everyone else attended."""
    from models.record import record_meeting

    kw["absent"], kw["excused"] = list(kw["absent"]), list(kw["excused"])
    _run(cli, record_meeting, **kw)


@record_group.command("dues")
@click.option("--org", required=True, help="Code of the cell.")
@click.option("--month", required=True, help="The month, YYYY-MM.")
@click.option("--unpaid", "unpaid", type=int, multiple=True, help="A member who did not pay (repeat).")
@pass_cli
def dues_cmd(cli: CliContext, **kw: Any) -> None:
    """Close a month's dues book (đảng phí), naming who did not pay."""
    from models.record import close_dues

    kw["unpaid"] = list(kw["unpaid"])
    _run(cli, close_dues, **kw)
