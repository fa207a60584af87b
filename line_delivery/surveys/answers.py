"""What happens to answers: saving (once or many), 受信設定 updates, results, CSV, retention."""

from collections import Counter
from collections.abc import Iterable
import csv
from dataclasses import dataclass
import datetime
import io
import re

from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.utils import timezone

from home.models import Area, QuestionType, SurveyPage, SurveyQuestion, Topic

from ..audience import audience_friends
from ..crypto import lookup_hash
from ..models import Delivery, DeliveryRequest, Friend
from .models import SurveyAnswer


class AlreadyAnswered(Exception):
    """A one-answer survey that this resident has answered, and may not change."""


def respondent_key(page: SurveyPage, line_user_id_hash: str) -> str:
    """A keyed hash of survey and resident: the same resident gets the same key per survey.

    Built from the friend's own lookup hash (never the LINE user id in the clear), so
    without ``FIELD_HASH_KEY`` an answer cannot be traced back to anyone.
    """
    return lookup_hash(f"survey-respondent:{page.pk}:{line_user_id_hash}")


def answers_of(page: SurveyPage, friend: Friend) -> QuerySet[SurveyAnswer]:
    return SurveyAnswer.objects.filter(
        page_id=page.pk, respondent_key=respondent_key(page, friend.line_user_id_hash)
    )


def current_answer(page: SurveyPage, friend: Friend) -> SurveyAnswer | None:
    """The answer this resident can still change (one-answer surveys only)."""
    if not page.one_answer_each:
        return None
    return answers_of(page, friend).first()


def save_answer(page: SurveyPage, friend: Friend, answers: dict) -> SurveyAnswer:
    """Store an answer (or replace the resident's earlier one when the survey allows).

    Raises ``AlreadyAnswered`` when a one-answer survey already has this resident's
    answer and changes are not allowed (also when two submits race: the database's
    unique constraint decides).
    """
    key = respondent_key(page, friend.line_user_id_hash)
    now = timezone.now()
    with transaction.atomic():
        existing = None
        if page.one_answer_each:
            existing = (
                SurveyAnswer.objects.select_for_update()
                .filter(page_id=page.pk, respondent_key=key)
                .first()
            )
        if existing is not None:
            if not page.allow_changes:
                raise AlreadyAnswered
            existing.answers = answers
            existing.updated_at = now
            existing.save(update_fields=["answers", "updated_at"])
            answer = existing
        else:
            try:
                with transaction.atomic():
                    answer = SurveyAnswer.objects.create(
                        page=page,
                        respondent_key=key,
                        one_per_respondent=page.one_answer_each,
                        friend=None if page.is_anonymous else friend,
                        answers=answers,
                        submitted_at=now,
                        updated_at=now,
                    )
            except IntegrityError as error:
                raise AlreadyAnswered from error
        apply_delivery_settings(page, friend, answers)
    return answer


def apply_delivery_settings(page: SurveyPage, friend: Friend, answers: dict) -> None:
    """受信設定: questions marked so set the friend's 地区 or topics to the answer."""
    for question in page.answer_questions():
        if not question.updates_delivery_settings:
            continue
        value = answers.get(question.key)
        if not value:
            continue  # an unanswered optional question leaves the settings alone
        if question.field_type == QuestionType.AREA:
            friend.areas.set(Area.objects.filter(name=value))
        elif question.field_type == QuestionType.TOPICS:
            friend.topics.set(Topic.objects.filter(name__in=value))


def recipient_friend_ids(page: SurveyPage) -> set[int]:
    """Friends the survey was delivered to (publish and 再配信, not test sends)."""
    deliveries = Delivery.objects.filter(
        page_id=page.pk, kind__in=[Delivery.Kind.PUBLISH, Delivery.Kind.REDELIVER]
    )
    if deliveries.filter(is_broadcast=True).exists():
        return set(audience_friends(page).values_list("pk", flat=True))
    ids: set[int] = set()
    for friend_ids in DeliveryRequest.objects.filter(
        delivery__in=deliveries, status=DeliveryRequest.Status.ACCEPTED
    ).values_list("friend_ids", flat=True):
        ids.update(friend_ids)
    return ids


def non_respondent_friend_ids(page: SurveyPage) -> list[int]:
    """Following recipients of the survey who have not answered it yet (for the reminder)."""
    answered = set(
        SurveyAnswer.objects.for_survey(page).values_list("respondent_key", flat=True)
    )
    friends = (
        Friend.objects.following()
        .filter(pk__in=recipient_friend_ids(page))
        .order_by("pk")
        .values_list("pk", "line_user_id_hash")
    )
    return [
        pk
        for pk, user_hash in friends
        if respondent_key(page, user_hash) not in answered
    ]


def purge_expired_answers(now: datetime.datetime | None = None) -> int:
    """Delete the answers past each survey's retention period; returns how many."""
    now = now or timezone.now()
    deleted = 0
    surveys = SurveyPage.objects.filter(
        pk__in=SurveyAnswer.objects.values("page_id")
    ).only("pk", "closes_at", "retention_days")
    for page in surveys:
        cutoff = page.retention_cutoff(now)
        if cutoff is None:
            continue
        count, _ = SurveyAnswer.objects.filter(
            page_id=page.pk, updated_at__lt=cutoff
        ).delete()
        deleted += count
    return deleted


# Results -------------------------------------------------------------------------


@dataclass
class ChoiceCount:
    label: str
    count: int
    percent: int


@dataclass
class QuestionResult:
    question: SurveyQuestion
    answered: int
    counts: list[ChoiceCount]


def tally(page: SurveyPage, answers: Iterable[SurveyAnswer]) -> list[QuestionResult]:
    """Counts per choice for every choice question (percent of those who answered it)."""
    answers = list(answers)
    results = []
    for question in page.answer_questions():
        if not question.is_counted:
            continue
        counter: Counter[str] = Counter()
        answered = 0
        for answer in answers:
            value = (answer.answers or {}).get(question.key)
            values = value if isinstance(value, list) else [value] if value else []
            if values:
                answered += 1
            counter.update(values)
        labels = question.choice_list()
        labels += sorted(label for label in counter if label not in labels)
        results.append(
            QuestionResult(
                question=question,
                answered=answered,
                counts=[
                    ChoiceCount(
                        label=label,
                        count=counter[label],
                        percent=round(100 * counter[label] / answered)
                        if answered
                        else 0,
                    )
                    for label in labels
                ],
            )
        )
    return results


def answer_text(value) -> str:
    """An answer as one line of text (several choices joined with 、)."""
    if isinstance(value, list):
        return "、".join(str(item) for item in value)
    return "" if value is None else str(value)


def filter_answers(
    answers: Iterable[SurveyAnswer],
    question_key: str = "",
    value: str = "",
    words: str = "",
) -> list[SurveyAnswer]:
    """Answers that chose ``value`` for ``question_key`` and contain ``words``.

    Answers are encrypted, so this filters in Python after decryption.
    """
    kept = []
    for answer in answers:
        data = answer.answers or {}
        if question_key and value:
            chosen = data.get(question_key)
            chosen = chosen if isinstance(chosen, list) else [chosen]
            if value not in chosen:
                continue
        if words and words not in " ".join(answer_text(v) for v in data.values()):
            continue
        kept.append(answer)
    return kept


_FORMULA_START = re.compile(r"^[=+\-@\t\r]")
_NUMBER = re.compile(r"^-?\d+(\.\d+)?$")


def _safe_cell(text: str) -> str:
    """Stop Excel from running a typed answer as a formula (CSV injection)."""
    if _FORMULA_START.match(text) and not _NUMBER.match(text):
        return "'" + text
    return text


def csv_header(page: SurveyPage) -> list[str]:
    header = ["回答番号", "回答日時", "最終変更"]
    if not page.is_anonymous:
        header.append("友だち番号")
    return header + [question.label for question in page.answer_questions()]


def export_csv(page: SurveyPage, answers: Iterable[SurveyAnswer]) -> bytes:
    """The answers as CSV that Excel opens correctly: UTF-8 with a BOM, CRLF lines."""
    questions = page.answer_questions()
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(csv_header(page))
    for answer in answers:
        data = answer.answers or {}
        row = [
            str(answer.pk),
            timezone.localtime(answer.submitted_at).strftime("%Y-%m-%d %H:%M"),
            timezone.localtime(answer.updated_at).strftime("%Y-%m-%d %H:%M"),
        ]
        if not page.is_anonymous:
            row.append(str(answer.friend_id or ""))
        row += [_safe_cell(answer_text(data.get(q.key))) for q in questions]
        writer.writerow(row)
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")
