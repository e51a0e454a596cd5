"""The whole domain as typed SQLAlchemy 2 models.

The schema covers the roadmap, not only what today's handlers use, so that later features add
behaviour rather than reshape tables: registers (一单两库), plans and draws, tasks with their
teams, evidence and results, reminders, the outbox, the audit log and update de-duplication.
Natural keys (USCC, certificate number, item code, ...) are unique in the database itself.
"""

from __future__ import annotations

import enum
from datetime import date, datetime
from typing import Any, ClassVar

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    CheckConstraint,
    Date,
    Enum,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

from storage.types import IdType, UTCDateTime, utcnow

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)
    type_annotation_map: ClassVar[dict[Any, Any]] = {
        datetime: UTCDateTime(),
        dict[str, Any]: JSON(),
        list[Any]: JSON(),
    }


def _enum(cls: type[enum.StrEnum], name: str) -> Enum:
    # Stored as VARCHAR + CHECK: portable, and adding a member is a plain migration.
    return Enum(
        cls,
        name=name,
        native_enum=False,
        create_constraint=True,
        length=24,
        values_callable=lambda members: [m.value for m in members],
        validate_strings=True,
    )


class Timestamped:
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)


# --- registers (一单两库) -----------------------------------------------------------------


class ItemCategory(enum.StrEnum):
    GENERAL = "general"  # 一般事项
    KEY = "key"  # 重点事项


class CreditClass(enum.StrEnum):
    A = "A"
    B = "B"
    C = "C"
    D = "D"


class Department(Timestamped, Base):
    __tablename__ = "departments"

    id: Mapped[int] = mapped_column(IdType, primary_key=True)
    code: Mapped[str] = mapped_column(String(32), unique=True)
    name: Mapped[str] = mapped_column(String(100))
    active: Mapped[bool] = mapped_column(Boolean, default=True)


class InspectionItem(Timestamped, Base):
    """抽查事项: one line of the item list."""

    __tablename__ = "inspection_items"

    id: Mapped[int] = mapped_column(IdType, primary_key=True)
    code: Mapped[str] = mapped_column(String(32), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    category: Mapped[ItemCategory] = mapped_column(
        _enum(ItemCategory, "item_category"), default=ItemCategory.GENERAL
    )
    legal_basis: Mapped[str] = mapped_column(Text, default="")
    enforcement_body: Mapped[str] = mapped_column(String(200), default="")
    inspecting_body: Mapped[str] = mapped_column(String(200), default="")
    target_scope: Mapped[str] = mapped_column(Text, default="")
    content: Mapped[str] = mapped_column(Text, default="")
    ratio_note: Mapped[str] = mapped_column(String(200), default="")
    frequency: Mapped[str] = mapped_column(String(100), default="")
    #: 实地检查 / 书面检查 / 网络监测 / 受理举报 ..., as a list of names.
    methods: Mapped[list[Any]] = mapped_column(default=list)
    inspector_requirements: Mapped[str] = mapped_column(Text, default="")
    department_id: Mapped[int | None] = mapped_column(ForeignKey("departments.id"))
    active: Mapped[bool] = mapped_column(Boolean, default=True)


class Target(Timestamped, Base):
    """检查对象: a business or organisation, identified by its USCC."""

    __tablename__ = "targets"
    # Few indexes on purpose: name searches are substring matches (no index helps), credit
    # classes have four values, and each index slows million-row imports noticeably.
    __table_args__ = (Index("ix_targets_region_industry", "region", "industry"),)

    id: Mapped[int] = mapped_column(IdType, primary_key=True)
    uscc: Mapped[str] = mapped_column(String(18), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    #: The name encoded in GB18030: its byte order is pinyin order for the common (GB2312
    #: level-1) characters, and both databases sort bytes the same way.
    name_sort: Mapped[bytes | None] = mapped_column(LargeBinary)
    entity_type: Mapped[str] = mapped_column(String(50), default="")
    region: Mapped[str] = mapped_column(String(100), default="")
    industry: Mapped[str] = mapped_column(String(100), default="")
    address: Mapped[str] = mapped_column(String(300), default="")
    latitude: Mapped[float | None] = mapped_column(Float)
    longitude: Mapped[float | None] = mapped_column(Float)
    legal_representative: Mapped[str] = mapped_column(String(100), default="")
    phone: Mapped[str] = mapped_column(String(40), default="")
    registration_authority: Mapped[str] = mapped_column(String(200), default="")
    registration_status: Mapped[str] = mapped_column(String(20), default="存续")
    established_on: Mapped[date | None] = mapped_column(Date)
    credit_class: Mapped[CreditClass | None] = mapped_column(_enum(CreditClass, "credit_class"))
    blacklisted: Mapped[bool] = mapped_column(Boolean, default=False)
    abnormal_listed: Mapped[bool] = mapped_column(Boolean, default=False)
    last_inspected_on: Mapped[date | None] = mapped_column(Date)
    active: Mapped[bool] = mapped_column(Boolean, default=True)


class TelegramAccount(Base):
    """A Telegram user the bot has heard from (or failed to reach)."""

    __tablename__ = "telegram_accounts"

    user_id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    username: Mapped[str | None] = mapped_column(String(64))
    first_name: Mapped[str] = mapped_column(String(128), default="")
    last_name: Mapped[str | None] = mapped_column(String(128))
    language_code: Mapped[str | None] = mapped_column(String(16))
    first_seen_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_seen_at: Mapped[datetime] = mapped_column(default=utcnow)
    #: Set when Telegram answered 403 (never opened / blocked the bot); cleared when they write.
    unreachable_since: Mapped[datetime | None] = mapped_column()


class Inspector(Timestamped, Base):
    """执法检查人员 with the enforcement certificate that makes them eligible."""

    __tablename__ = "inspectors"

    id: Mapped[int] = mapped_column(IdType, primary_key=True)
    name: Mapped[str] = mapped_column(String(100))
    staff_no: Mapped[str | None] = mapped_column(String(40), unique=True)
    department_id: Mapped[int | None] = mapped_column(ForeignKey("departments.id"))
    position: Mapped[str] = mapped_column(String(100), default="")
    region: Mapped[str] = mapped_column(String(100), default="")
    certificate_no: Mapped[str] = mapped_column(String(40), unique=True)
    certificate_expires_on: Mapped[date | None] = mapped_column(Date)
    phone: Mapped[str] = mapped_column(String(40), default="")
    #: Expertise / qualification tags, e.g. ["会计", "政府采购"].
    expertise: Mapped[list[Any]] = mapped_column(default=list)
    is_expert: Mapped[bool] = mapped_column(Boolean, default=False)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    telegram_user_id: Mapped[int | None] = mapped_column(
        ForeignKey("telegram_accounts.user_id"), unique=True
    )
    bound_at: Mapped[datetime | None] = mapped_column()
    #: Set by /unbind: sharing the phone number no longer binds until a new invite is made.
    phone_bind_blocked: Mapped[bool] = mapped_column(Boolean, default=False)
    #: When the bot told them that a photo sent "as file" keeps its EXIF time and place
    #: (told once).
    evidence_tip_at: Mapped[datetime | None] = mapped_column()
    #: The task 开始检查 made current: where a location or a file without a task goes.
    current_task_id: Mapped[int | None] = mapped_column(ForeignKey("tasks.id"))

    department: Mapped[Department | None] = relationship(lazy="raise")


class Invite(Base):
    """A one-time deep-link payload that binds a Telegram account to an inspector."""

    __tablename__ = "invites"

    id: Mapped[int] = mapped_column(IdType, primary_key=True)
    token: Mapped[str] = mapped_column(String(64), unique=True)
    inspector_id: Mapped[int] = mapped_column(ForeignKey("inspectors.id"))
    created_by: Mapped[int | None] = mapped_column(BigInteger)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[datetime] = mapped_column()
    used_at: Mapped[datetime | None] = mapped_column()
    used_by: Mapped[int | None] = mapped_column(BigInteger)


class Conflict(Base):
    """A declared conflict of interest (利害关系): the inspector must never check the target."""

    __tablename__ = "conflicts"
    __table_args__ = (UniqueConstraint("inspector_id", "target_id"),)

    id: Mapped[int] = mapped_column(IdType, primary_key=True)
    inspector_id: Mapped[int] = mapped_column(ForeignKey("inspectors.id"))
    target_id: Mapped[int] = mapped_column(ForeignKey("targets.id"))
    reason: Mapped[str] = mapped_column(String(300), default="")
    declared_at: Mapped[datetime] = mapped_column(default=utcnow)
    active: Mapped[bool] = mapped_column(Boolean, default=True)


# --- plans, draws and tasks ------------------------------------------------------------------


class PlanStatus(enum.StrEnum):
    DRAFT = "draft"
    ACTIVE = "active"
    CLOSED = "closed"


class Plan(Timestamped, Base):
    """年度抽查计划: ratios by credit class, a higher one for blacklisted targets."""

    __tablename__ = "plans"

    id: Mapped[int] = mapped_column(IdType, primary_key=True)
    code: Mapped[str] = mapped_column(String(40), unique=True)
    year: Mapped[int] = mapped_column(Integer)
    title: Mapped[str] = mapped_column(String(200))
    status: Mapped[PlanStatus] = mapped_column(
        _enum(PlanStatus, "plan_status"), default=PlanStatus.DRAFT
    )
    #: Percent by stratum (bot.draws.sampling.Stratum): {"A": 3.0, "B": 10.0, "C": 30.0,
    #: "D": 60.0, "unclassified": 5.0, "blacklisted": 100.0, "abnormal": 50.0}
    ratios: Mapped[dict[str, Any]] = mapped_column(default=dict)
    #: Minimum days between two planned checks of the same target (avoid repeated checks).
    min_days_between_checks: Mapped[int] = mapped_column(Integer, default=365)
    created_by: Mapped[int | None] = mapped_column(BigInteger)


class PlanItem(Base):
    """An item of a year's plan, with how often and how it is checked."""

    __tablename__ = "plan_items"
    __table_args__ = (UniqueConstraint("plan_id", "item_id"),)

    id: Mapped[int] = mapped_column(IdType, primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("plans.id"))
    item_id: Mapped[int] = mapped_column(ForeignKey("inspection_items.id"))
    frequency: Mapped[str] = mapped_column(String(100), default="")
    methods: Mapped[list[Any]] = mapped_column(default=list)
    note: Mapped[str] = mapped_column(Text, default="")


class DrawStatus(enum.StrEnum):
    PREVIEW = "preview"  # pool frozen and its digest posted; no seed yet, nothing binding
    LOCKED = "locked"  # confirmed: the list is fixed and public
    CANCELLED = "cancelled"  # abandoned or cancelled with a reason; kept, never deleted


class Draw(Base):
    """One double-random draw (抽查任务), re-checkable from its seed and recorded pool."""

    __tablename__ = "draws"

    id: Mapped[int] = mapped_column(IdType, primary_key=True)
    code: Mapped[str] = mapped_column(String(40), unique=True)
    #: None for a draw by fixed count or percentage (no plan needed).
    plan_id: Mapped[int | None] = mapped_column(ForeignKey("plans.id"))
    #: The first (or only) item; a joint check lists all of them in `draw_items`.
    item_id: Mapped[int] = mapped_column(ForeignKey("inspection_items.id"))
    status: Mapped[DrawStatus] = mapped_column(
        _enum(DrawStatus, "draw_status"), default=DrawStatus.PREVIEW
    )
    seed: Mapped[str] = mapped_column(String(200))
    #: The filters and ratios as given, so the draw can be replayed.
    rules: Mapped[dict[str, Any]] = mapped_column(default=dict)
    pool_size: Mapped[int] = mapped_column(Integer, default=0)
    #: SHA-256 over the sorted USCCs of the pool: proves which directory the draw saw.
    pool_digest: Mapped[str] = mapped_column(String(64), default="")
    sample_size: Mapped[int] = mapped_column(Integer, default=0)
    check_starts_on: Mapped[date | None] = mapped_column(Date)
    check_ends_on: Mapped[date | None] = mapped_column(Date)
    created_by: Mapped[int | None] = mapped_column(BigInteger)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    locked_at: Mapped[datetime | None] = mapped_column()
    cancelled_at: Mapped[datetime | None] = mapped_column()
    cancelled_by: Mapped[int | None] = mapped_column(BigInteger)
    cancel_reason: Mapped[str | None] = mapped_column(String(300))
    #: The public record (bot.draws.record), pool included: what `verify` re-derives.
    record: Mapped[dict[str, Any] | None] = mapped_column(JSON)


class DrawItem(Base):
    """The items of a draw: one, or several for a joint check (跨部门联合抽查)."""

    __tablename__ = "draw_items"
    __table_args__ = (UniqueConstraint("draw_id", "item_id"),)

    id: Mapped[int] = mapped_column(IdType, primary_key=True)
    draw_id: Mapped[int] = mapped_column(ForeignKey("draws.id"))
    item_id: Mapped[int] = mapped_column(ForeignKey("inspection_items.id"))


class TaskStatus(enum.StrEnum):
    ASSIGNED = "assigned"
    IN_PROGRESS = "in_progress"
    SUBMITTED = "submitted"  # findings entered, waiting for the team's confirmation
    CONFIRMED = "confirmed"  # both members confirmed
    REVIEWED = "reviewed"  # admin review done
    PUBLISHED = "published"
    CANCELLED = "cancelled"


class Task(Base):
    """One drawn target within a draw, with its team and deadlines."""

    __tablename__ = "tasks"
    __table_args__ = (
        UniqueConstraint("draw_id", "target_id"),
        Index("ix_tasks_status_due", "status", "due_on"),
    )

    id: Mapped[int] = mapped_column(IdType, primary_key=True)
    draw_id: Mapped[int] = mapped_column(ForeignKey("draws.id"))
    target_id: Mapped[int] = mapped_column(ForeignKey("targets.id"))
    #: Consistent-sampling ticket of the target; its rank is the order of the draw.
    ticket: Mapped[str] = mapped_column(String(80))
    status: Mapped[TaskStatus] = mapped_column(
        _enum(TaskStatus, "task_status"), default=TaskStatus.ASSIGNED
    )
    due_on: Mapped[date | None] = mapped_column(Date)
    checked_on: Mapped[date | None] = mapped_column(Date)
    publish_due_on: Mapped[date | None] = mapped_column(Date)
    checkin_latitude: Mapped[float | None] = mapped_column(Float)
    checkin_longitude: Mapped[float | None] = mapped_column(Float)
    checkin_at: Mapped[datetime | None] = mapped_column()
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    members: Mapped[list[TaskMember]] = relationship(back_populates="task", lazy="raise")


class MemberRole(enum.StrEnum):
    LEADER = "leader"  # 组长
    MEMBER = "member"
    EXPERT = "expert"  # joins on top of the required certified inspectors


class MemberStatus(enum.StrEnum):
    ASSIGNED = "assigned"
    ACCEPTED = "accepted"
    RECUSED = "recused"  # 回避: replaced by a logged re-draw
    REPLACED = "replaced"


class TaskMember(Base):
    __tablename__ = "task_members"
    __table_args__ = (UniqueConstraint("task_id", "inspector_id"),)

    id: Mapped[int] = mapped_column(IdType, primary_key=True)
    task_id: Mapped[int] = mapped_column(ForeignKey("tasks.id"))
    inspector_id: Mapped[int] = mapped_column(ForeignKey("inspectors.id"), index=True)
    role: Mapped[MemberRole] = mapped_column(
        _enum(MemberRole, "member_role"), default=MemberRole.MEMBER
    )
    status: Mapped[MemberStatus] = mapped_column(
        _enum(MemberStatus, "member_status"), default=MemberStatus.ASSIGNED
    )
    #: Ticket used when the team was drawn, so the team draw is re-checkable too.
    ticket: Mapped[str] = mapped_column(String(80), default="")
    assigned_at: Mapped[datetime] = mapped_column(default=utcnow)
    responded_at: Mapped[datetime | None] = mapped_column()
    recusal_reason: Mapped[str | None] = mapped_column(String(300))
    confirmed_at: Mapped[datetime | None] = mapped_column()
    #: The recused member this one replaces (回避 replacements and manual teams are rows,
    #: never overwrites).
    replaces_id: Mapped[int | None] = mapped_column(ForeignKey("task_members.id"))

    task: Mapped[Task] = relationship(back_populates="members", lazy="raise")


class Checkin(Base):
    """A check-in (签到) on site: a location an inspector sent for a task, as sent, with how
    far it was from the target and what looked wrong (never edited afterwards)."""

    __tablename__ = "checkins"

    id: Mapped[int] = mapped_column(IdType, primary_key=True)
    task_id: Mapped[int] = mapped_column(ForeignKey("tasks.id"), index=True)
    inspector_id: Mapped[int] = mapped_column(ForeignKey("inspectors.id"))
    latitude: Mapped[float] = mapped_column(Float)
    longitude: Mapped[float] = mapped_column(Float)
    #: Metres, as the phone reported it (Telegram leaves it out when unknown).
    horizontal_accuracy: Mapped[float | None] = mapped_column(Float)
    #: The message's date (UTC): when the location was sent.
    located_at: Mapped[datetime] = mapped_column()
    received_at: Mapped[datetime] = mapped_column(default=utcnow)
    #: Metres to the target; None when the target has no coordinates.
    distance_m: Mapped[float | None] = mapped_column(Float)
    #: What a reviewer should look at: "far", "inaccurate" (bot.services.field).
    flags: Mapped[list[Any]] = mapped_column(default=list)


class EvidenceKind(enum.StrEnum):
    PHOTO = "photo"
    VIDEO = "video"
    DOCUMENT = "document"
    LOCATION = "location"
    VOICE = "voice"


class EvidenceStatus(enum.StrEnum):
    STORED = "stored"  # downloaded, hashed, kept under MEDIA_DIR
    PENDING = "pending"  # stored, but the task it belongs to is still to be chosen
    TOO_BIG = "too_big"  # over the Bot API's 20 MB download limit: only its metadata is kept
    FAILED = "failed"  # the download failed even after retries


class Evidence(Base):
    """A file or location an inspector sent for a task, kept with its hash and sender.

    Evidence whose task is not known yet has no task_id (status pending) rather than living
    in a table of its own: choosing the task later only fills that column (and moves the
    file), so the row, its hash and its history stay one."""

    __tablename__ = "evidence"
    __table_args__ = (Index("ix_evidence_media_group_id", "media_group_id"),)

    id: Mapped[int] = mapped_column(IdType, primary_key=True)
    task_id: Mapped[int | None] = mapped_column(ForeignKey("tasks.id"), index=True)
    inspector_id: Mapped[int] = mapped_column(ForeignKey("inspectors.id"))
    kind: Mapped[EvidenceKind] = mapped_column(_enum(EvidenceKind, "evidence_kind"))
    status: Mapped[EvidenceStatus] = mapped_column(
        _enum(EvidenceStatus, "evidence_status"), default=EvidenceStatus.STORED
    )
    telegram_file_id: Mapped[str | None] = mapped_column(String(200))
    telegram_file_unique_id: Mapped[str | None] = mapped_column(String(100))
    file_name: Mapped[str | None] = mapped_column(String(255))
    mime_type: Mapped[str | None] = mapped_column(String(100))
    size: Mapped[int | None] = mapped_column(BigInteger)
    sha256: Mapped[str | None] = mapped_column(String(64))
    #: Path relative to MEDIA_DIR.
    path: Mapped[str | None] = mapped_column(String(500))
    #: For a photo sent "as file": the GPS position of its EXIF data.
    latitude: Mapped[float | None] = mapped_column(Float)
    longitude: Mapped[float | None] = mapped_column(Float)
    #: EXIF DateTimeOriginal, in UTC (read in the bureau's time zone when EXIF has none).
    taken_at: Mapped[datetime | None] = mapped_column()
    caption: Mapped[str | None] = mapped_column(Text)
    #: Where it came from: the private chat, the message, and the album it was part of.
    chat_id: Mapped[int | None] = mapped_column(BigInteger)
    telegram_message_id: Mapped[int | None] = mapped_column(BigInteger)
    media_group_id: Mapped[str | None] = mapped_column(String(64))
    #: The message's date (UTC): when the inspector sent it.
    sent_at: Mapped[datetime | None] = mapped_column()
    #: When the album it belongs to was acknowledged (albums are acknowledged once, later).
    acknowledged_at: Mapped[datetime | None] = mapped_column()
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class Result(Base):
    """检查结果 of one task: standard codes, methods, findings and follow-up."""

    __tablename__ = "results"

    id: Mapped[int] = mapped_column(IdType, primary_key=True)
    task_id: Mapped[int] = mapped_column(ForeignKey("tasks.id"), unique=True)
    #: Standard result codes, e.g. ["1"] or ["A", "B"].
    codes: Mapped[list[Any]] = mapped_column(default=list)
    methods: Mapped[list[Any]] = mapped_column(default=list)
    findings: Mapped[str] = mapped_column(Text, default="")
    follow_up: Mapped[str | None] = mapped_column(String(40))
    follow_up_due_on: Mapped[date | None] = mapped_column(Date)
    submitted_by: Mapped[int | None] = mapped_column(ForeignKey("inspectors.id"))
    submitted_at: Mapped[datetime | None] = mapped_column()
    reviewed_by: Mapped[int | None] = mapped_column(BigInteger)
    reviewed_at: Mapped[datetime | None] = mapped_column()
    review_note: Mapped[str | None] = mapped_column(Text)
    published_at: Mapped[datetime | None] = mapped_column()


class ResultStatus(enum.StrEnum):
    SUBMITTED = "submitted"  # waiting for the other members' confirmation
    RETURNED = "returned"  # a member objected or an admin sent it back
    CONFIRMED = "confirmed"  # every other member confirmed it: waiting for review
    APPROVED = "approved"  # final
    SUPERSEDED = "superseded"  # a newer version replaced it before it was approved


class ResultVersion(Base):
    """One version of a task's 检查结果. Never changed once written except its status and
    review: an edit or a correction is a new version (number + 1), the old one stays."""

    __tablename__ = "result_versions"
    __table_args__ = (UniqueConstraint("task_id", "number"),)

    id: Mapped[int] = mapped_column(IdType, primary_key=True)
    task_id: Mapped[int] = mapped_column(ForeignKey("tasks.id"), index=True)
    number: Mapped[int] = mapped_column()
    #: bot.results.codes.Method values, and standard result codes (e.g. ["A", "2", "B"]).
    methods: Mapped[list[Any]] = mapped_column(default=list)
    codes: Mapped[list[Any]] = mapped_column(default=list)
    findings: Mapped[str] = mapped_column(Text, default="")
    follow_up: Mapped[str] = mapped_column(String(20))
    follow_up_due_on: Mapped[date | None] = mapped_column(Date)
    remarks: Mapped[str] = mapped_column(Text, default="")
    submitted_by: Mapped[int] = mapped_column(ForeignKey("inspectors.id"))
    submitted_at: Mapped[datetime] = mapped_column(default=utcnow)
    status: Mapped[ResultStatus] = mapped_column(_enum(ResultStatus, "result_status"))
    #: Why an approved result is corrected (set on the versions after an approval).
    correction_reason: Mapped[str | None] = mapped_column(Text)
    reviewed_by: Mapped[int | None] = mapped_column(BigInteger)
    reviewed_at: Mapped[datetime | None] = mapped_column()
    review_note: Mapped[str | None] = mapped_column(Text)


class Decision(enum.StrEnum):
    CONFIRM = "confirm"  # 确认无误
    OBJECT = "object"  # 有异议


class ResultConfirmation(Base):
    """A team member's answer to one version of a result."""

    __tablename__ = "result_confirmations"
    __table_args__ = (UniqueConstraint("version_id", "inspector_id"),)

    id: Mapped[int] = mapped_column(IdType, primary_key=True)
    version_id: Mapped[int] = mapped_column(ForeignKey("result_versions.id"))
    inspector_id: Mapped[int] = mapped_column(ForeignKey("inspectors.id"))
    decision: Mapped[Decision] = mapped_column(_enum(Decision, "result_decision"))
    reason: Mapped[str | None] = mapped_column(Text)
    at: Mapped[datetime] = mapped_column(default=utcnow)


class ProposalStatus(enum.StrEnum):
    PROPOSED = "proposed"
    APPLIED = "applied"
    DISMISSED = "dismissed"


class ResultProposal(Base):
    """A credit-record consequence an approved result proposes for its target."""

    __tablename__ = "result_proposals"
    __table_args__ = (UniqueConstraint("version_id", "kind"),)

    id: Mapped[int] = mapped_column(IdType, primary_key=True)
    version_id: Mapped[int] = mapped_column(ForeignKey("result_versions.id"))
    target_id: Mapped[int] = mapped_column(ForeignKey("targets.id"), index=True)
    #: bot.results.codes.Consequence
    kind: Mapped[str] = mapped_column(String(20))
    status: Mapped[ProposalStatus] = mapped_column(_enum(ProposalStatus, "proposal_status"))
    decided_by: Mapped[int | None] = mapped_column(BigInteger)
    decided_at: Mapped[datetime | None] = mapped_column()


class CalendarYear(Base):
    """A year of the bureau's calendar register: imported (its 放假安排 entered, overriding the
    package) or only noticed as unknown (the admins were told once to import it)."""

    __tablename__ = "calendar_years"

    year: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    imported_at: Mapped[datetime | None] = mapped_column()
    imported_by: Mapped[int | None] = mapped_column(BigInteger)
    #: When the admin group was told that deadlines in this year are estimates.
    unknown_noticed_at: Mapped[datetime | None] = mapped_column()


class CalendarDay(Base):
    """A day of an imported year that differs from the weekend rule: a weekday off (放假) or
    a weekend working day (调休上班)."""

    __tablename__ = "calendar_days"

    day: Mapped[date] = mapped_column(Date, primary_key=True)
    year: Mapped[int] = mapped_column(ForeignKey("calendar_years.year"), index=True)
    working: Mapped[bool] = mapped_column(Boolean)
    name: Mapped[str] = mapped_column(String(60), default="")


class PublicationKind(enum.StrEnum):
    RESULTS = "results"  # 检查结果公告
    DRAW = "draw"  # 抽查任务 and its drawn list
    ITEMS = "items"  # 随机抽查事项清单 (S13)


class Publication(Base):
    """One public notice (一公开): what, when, by whom, and the SHA-256 of each file written
    to PUBLIC_DIR, so a file on the portal can be matched to what the bot produced."""

    __tablename__ = "publications"
    __table_args__ = (UniqueConstraint("kind", "year", "number"),)

    id: Mapped[int] = mapped_column(IdType, primary_key=True)
    kind: Mapped[PublicationKind] = mapped_column(_enum(PublicationKind, "publication_kind"))
    year: Mapped[int] = mapped_column(Integer)
    #: The notice's number within its kind and year (第{nnn}号).
    number: Mapped[int] = mapped_column(Integer)
    title: Mapped[str] = mapped_column(String(300))
    draw_id: Mapped[int | None] = mapped_column(ForeignKey("draws.id"))
    #: [{"name": "...xlsx", "sha256": "...", "size": 1234}, ...]
    files: Mapped[list[Any]] = mapped_column(default=list)
    created_by: Mapped[int | None] = mapped_column(BigInteger)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class PublishedResult(Base):
    """A task's approved result as it went out in a results notice (once per task)."""

    __tablename__ = "published_results"

    id: Mapped[int] = mapped_column(IdType, primary_key=True)
    publication_id: Mapped[int] = mapped_column(ForeignKey("publications.id"), index=True)
    task_id: Mapped[int] = mapped_column(ForeignKey("tasks.id"), unique=True)
    version_id: Mapped[int] = mapped_column(ForeignKey("result_versions.id"))


class Reminder(Base):
    """A scheduled automatic message; survives restarts because it lives here, not in memory.

    `key` names what the reminder is about (task, recipient, kind, the day it was planned
    for), so scheduling again never duplicates one; `due_at` is when it goes (held past quiet
    hours and non-working days, moved by a snooze). The recipient is an inspector (their chat
    is read when it is sent, so a later binding counts) or a chat (the admin group)."""

    __tablename__ = "reminders"
    __table_args__ = (Index("ix_reminders_due", "sent_at", "due_at"),)

    id: Mapped[int] = mapped_column(IdType, primary_key=True)
    task_id: Mapped[int | None] = mapped_column(ForeignKey("tasks.id"), index=True)
    kind: Mapped[str] = mapped_column(String(40))
    due_at: Mapped[datetime] = mapped_column()
    sent_at: Mapped[datetime | None] = mapped_column()
    cancelled_at: Mapped[datetime | None] = mapped_column()
    outbox_id: Mapped[int | None] = mapped_column(ForeignKey("outbox.id"))
    key: Mapped[str] = mapped_column(String(120), unique=True)
    inspector_id: Mapped[int | None] = mapped_column(ForeignKey("inspectors.id"), index=True)
    chat_id: Mapped[int | None] = mapped_column(BigInteger)
    #: The deadline the reminder is about (window end, follow-up due, digest day).
    about_on: Mapped[date | None] = mapped_column(Date)
    #: Times the recipient pressed 稍后提醒; part of the outbox dedupe key of each sending.
    snoozes: Mapped[int] = mapped_column(Integer, default=0)


# --- infrastructure ------------------------------------------------------------------------


class OutboxStatus(enum.StrEnum):
    PENDING = "pending"
    SENDING = "sending"  # claimed by a sender; taken again once its lease expires
    SENT = "sent"
    UNDELIVERABLE = "undeliverable"  # 403: never opened the bot, or blocked it
    FAILED = "failed"  # Telegram refused the message itself (400); retrying cannot help


class OutboxMessage(Base):
    """A message the bot sends on its own initiative, written with the change that caused it."""

    __tablename__ = "outbox"
    __table_args__ = (
        Index("ix_outbox_status_id", "status", "id"),
        CheckConstraint("attempts >= 0", name="attempts_non_negative"),
    )

    id: Mapped[int] = mapped_column(IdType, primary_key=True)
    chat_id: Mapped[int] = mapped_column(BigInteger)
    #: Bot API method ("sendMessage", "sendDocument", ...) and its parameters as JSON.
    method: Mapped[str] = mapped_column(String(40), default="sendMessage")
    payload: Mapped[dict[str, Any]] = mapped_column()
    #: Optional idempotency key: enqueueing the same key twice stores one message.
    dedupe_key: Mapped[str | None] = mapped_column(String(200), unique=True)
    status: Mapped[OutboxStatus] = mapped_column(
        _enum(OutboxStatus, "outbox_status"), default=OutboxStatus.PENDING
    )
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[datetime] = mapped_column(default=utcnow)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    claimed_by: Mapped[str | None] = mapped_column(String(64))
    claimed_at: Mapped[datetime | None] = mapped_column()
    sent_at: Mapped[datetime | None] = mapped_column()
    telegram_message_id: Mapped[int | None] = mapped_column(BigInteger)
    last_error: Mapped[str | None] = mapped_column(String(500))


class AuditEntry(Base):
    """Who did what, when. Each entry carries the hash of the one before (tamper evidence)."""

    __tablename__ = "audit_log"

    id: Mapped[int] = mapped_column(IdType, primary_key=True)
    at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    actor_user_id: Mapped[int | None] = mapped_column(BigInteger)
    action: Mapped[str] = mapped_column(String(60))
    entity: Mapped[str | None] = mapped_column(String(60))
    entity_id: Mapped[str | None] = mapped_column(String(60))
    details: Mapped[dict[str, Any]] = mapped_column(default=dict)
    prev_hash: Mapped[str | None] = mapped_column(String(64))
    hash: Mapped[str | None] = mapped_column(String(64))


class JobKind(enum.StrEnum):
    IMPORT = "import"
    DEACTIVATE = "deactivate"  # rows missing from an import file, after the admin confirmed
    DRAW = "draw"


class JobStatus(enum.StrEnum):
    RUNNING = "running"
    DONE = "done"
    FAILED = "failed"  # finished without changing anything (errors in the input)
    INTERRUPTED = "interrupted"  # its process died; the starter has been told


class Job(Base):
    """A long piece of work (an import, a draw), recorded before it starts so that a restart
    can tell whoever started it that it was interrupted."""

    __tablename__ = "jobs"
    __table_args__ = (Index("ix_jobs_status_lease", "status", "lease_until"),)

    id: Mapped[int] = mapped_column(IdType, primary_key=True)
    kind: Mapped[JobKind] = mapped_column(_enum(JobKind, "job_kind"))
    status: Mapped[JobStatus] = mapped_column(
        _enum(JobStatus, "job_status"), default=JobStatus.RUNNING
    )
    #: What it works on, e.g. the register's name.
    subject: Mapped[str] = mapped_column(String(60), default="")
    #: Where to report (None for the command line) and who asked.
    chat_id: Mapped[int | None] = mapped_column(BigInteger)
    user_id: Mapped[int | None] = mapped_column(BigInteger)
    #: The progress message ("⏳ ...") that the outcome replaces.
    message_id: Mapped[int | None] = mapped_column(BigInteger)
    details: Mapped[dict[str, Any]] = mapped_column(default=dict)
    result: Mapped[dict[str, Any]] = mapped_column(default=dict)
    started_at: Mapped[datetime] = mapped_column(default=utcnow)
    #: Renewed while the job runs; a running job past its lease belongs to a dead process.
    lease_until: Mapped[datetime] = mapped_column(default=utcnow)
    finished_at: Mapped[datetime | None] = mapped_column()


class Conversation(Base):
    """Where one person is in a multi-step interaction in one chat (a wizard, a form).

    Kept here, never in process memory, and written in the same transaction as the update
    marker, so a restart or a redelivered update continues exactly where the person was."""

    __tablename__ = "conversations"
    __table_args__ = (UniqueConstraint("chat_id", "user_id"),)

    id: Mapped[int] = mapped_column(IdType, primary_key=True)
    chat_id: Mapped[int] = mapped_column(BigInteger)
    user_id: Mapped[int] = mapped_column(BigInteger)
    flow: Mapped[str] = mapped_column(String(40))
    step: Mapped[str] = mapped_column(String(40))
    data: Mapped[dict[str, Any]] = mapped_column(default=dict)
    #: Bumped on every change: a button carries it, so a stale or repeated press is noticed.
    version: Mapped[int] = mapped_column(Integer, default=1)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
    expires_at: Mapped[datetime | None] = mapped_column()


class ProcessedUpdate(Base):
    """Telegram redelivers updates it has not seen confirmed; `update_id` identifies repeats."""

    __tablename__ = "processed_updates"

    update_id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    processed_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)


class Lease(Base):
    """Periodic work done once per period across processes: whoever holds the lease on a
    name runs it; a holder that stops renewing (it died) loses it when `until` passes."""

    __tablename__ = "leases"

    name: Mapped[str] = mapped_column(String(60), primary_key=True)
    holder: Mapped[str] = mapped_column(String(64))
    until: Mapped[datetime] = mapped_column()


class SendSlot(Base):
    """Telegram's limits across processes: the earliest time (epoch seconds) the next message
    may go out overall (key "*") or to one chat (key = chat id). Used only when several
    processes send (SHARED_PACING)."""

    __tablename__ = "send_slots"

    key: Mapped[str] = mapped_column(String(24), primary_key=True)
    next_at: Mapped[float] = mapped_column(Float)
