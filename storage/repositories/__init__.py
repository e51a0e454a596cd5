"""Repositories: queries and writes over one session. They never commit; services do."""

from storage.repositories.accounts import AccountRepository
from storage.repositories.flows import ConversationRepository
from storage.repositories.jobs import JobRepository
from storage.repositories.outbox import OutboxRepository, QueuedRow
from storage.repositories.updates import UpdateRepository

__all__ = [
    "AccountRepository",
    "ConversationRepository",
    "JobRepository",
    "OutboxRepository",
    "QueuedRow",
    "UpdateRepository",
]
