"""Which service consumes which integration events.

Both buses declare every queue and binding from this table when they start, so an event published
before its consumer first runs waits in that consumer's queue instead of being dropped. Each service's
event handlers must match its row (a unit test checks it).
"""

from __future__ import annotations

from collections.abc import Mapping

SUBSCRIPTIONS: Mapping[str, frozenset[str]] = {
    "auth": frozenset({"AccountDeletionRequested"}),
    "professionals": frozenset(
        {
            "AccountDeletionRequested",
            "UserRegistered",
            "UserUpdated",
            "UserBanned",
            "UserUnbanned",
            "WorkCompleted",
            "ReviewCreated",
            "ReviewReplied",
            "MessageSent",
            "JobCancelled",
        }
    ),
    "users": frozenset(
        {
            "AccountDeletionRequested",
            "PersonalDataErased",
            "UserRegistered",
            "UserBanned",
            "UserUnbanned",
            "KycSubmitted",
            "KycApproved",
            "KycRejected",
            "ChatInfractionRecorded",
            "ChatBanLifted",
        }
    ),
    "chat": frozenset(
        {
            "AccountDeletionRequested",
            "UserRegistered",
            "UserUpdated",
            "UserBanned",
            "UserUnbanned",
            "PaymentConfirmed",
            "RefundIssued",
        }
    ),
    "payments": frozenset({"AccountDeletionRequested"}),
    "notifications": frozenset(
        {
            "AccountDeletionRequested",
            "ConversationRead",
            "UserRegistered",
            "UserUpdated",
            "PasswordResetRequested",
            "KycApproved",
            "KycRejected",
            "ProfessionalLevelChanged",
            "MessageSent",
            "OfferCreated",
            "OfferAccepted",
            "OfferRejected",
            "JobCreated",
            "PaymentConfirmed",
            "WorkMarkedDone",
            "WorkCompleted",
            "JobCancelled",
            "RefundIssued",
            "MoneyMovementRefused",
            "ReviewCreated",
            "DisputeOpened",
            "DisputeResolved",
            "VisitReminderDue",
            "VisitChangeProposed",
            "VisitChangeAnswered",
            "PedidoCreated",
        }
    ),
}


def consumers_of(event_type: str) -> list[str]:
    return sorted(service for service, types in SUBSCRIPTIONS.items() if event_type in types)
