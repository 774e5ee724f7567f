"""Vidensbanken's indexer: knowledge base text in, searchable index out, questions answered.

This is the package's one front door: ``bot`` (and any other caller) imports only the names in
``__all__``. Inside, data flows one way::

    language, config, errors, audience, parameters   the foundation every layer shares
    knowledge/    reads the knowledge base: documents, directory, synonyms, events.yaml, new files
    anonymise/    lessons from the confidential meetings, without the people in them
    index/        chunk → embed → store (SQLite, FAISS, bm25s), built aside and swapped in atomically
    search/       question → passages → an extractive answer with numbered citations
    events/       salons and other events in Danish, and answers to event questions
    service.py, operations.py, cli.py   the application: answering, admin operations, the CLI

Nothing here imports Slack, and nothing here loads torch until a model is needed.
"""

from indexer.anonymise.anonymiser import AnonymisedText
from indexer.anonymise.gate import AWAITING_APPROVAL
from indexer.anonymise.known_people import person_role
from indexer.audience import InvalidAudience, Viewer
from indexer.cli import friendly_errors, index_options
from indexer.config import IndexSettings, InvalidIndexSetting, load_env_file
from indexer.errors import (
    CorruptIndex,
    DuplicateDocument,
    IndexNotFound,
    IndexNotWritable,
    InvalidDocument,
    ModelMismatch,
    ModelUnavailable,
    VidensbankError,
)
from indexer.events.text import (
    danish_date,
    event_lines,
    format_event_summary,
    format_event_text,
    format_place,
    format_signup_deadline,
    format_title,
    format_when,
    status_marker,
)
from indexer.index.build import BuildInProgress, BuildSummary, build_index
from indexer.index.status import index_status, review_list
from indexer.knowledge.articles import (
    ArticleError,
    ArticleInfo,
    NewArticle,
    check_new_article,
    list_articles,
    prepare_article,
)
from indexer.knowledge.convert import (
    EMPTY,
    MAX_BYTES,
    NO_TEXT,
    TOO_COMPLEX,
    TOO_LARGE,
    TOO_LONG,
    UNREADABLE,
    WRONG_TYPE,
    ConversionError,
    Converted,
    check_size,
    convert_file,
    file_kind,
)
from indexer.knowledge.directory import Directory, InvalidDirectory, load_directory
from indexer.knowledge.events import (
    TZ,
    Event,
    InvalidEvents,
    as_local,
    cached_events,
    events_path,
    find_event,
    load_events,
    past_events,
    search_events,
    upcoming_events,
)
from indexer.knowledge.review_decisions import DECISIONS
from indexer.knowledge.sandbox import convert_isolated
from indexer.knowledge.validation import validate_knowledge_base
from indexer.language.topics import QuestionTopic, group_questions
from indexer.operations import AddResult, UploadScan, add_article, anonymise_free_text, scan_upload
from indexer.reviews import LessonReview, ReviewError, ReviewSpan, decide_review, review_lesson
from indexer.search.contract import Answer, Citation, NearestDocument
from indexer.service import KnowledgeService

__all__ = [
    # answering questions
    "KnowledgeService", "Answer", "Citation", "NearestDocument", "Viewer", "InvalidAudience",
    "IndexSettings", "InvalidIndexSetting", "load_env_file",
    # building, checking and inspecting the index; adding articles
    "build_index", "BuildSummary", "BuildInProgress", "index_status", "review_list",
    "validate_knowledge_base", "add_article", "AddResult", "NewArticle", "ArticleError",
    "prepare_article", "check_new_article", "scan_upload", "UploadScan", "list_articles", "ArticleInfo",
    # reviewing lessons the anonymiser held back
    "review_lesson", "decide_review", "LessonReview", "ReviewSpan", "ReviewError", "DECISIONS",
    "AWAITING_APPROVAL",
    # text from Slack: people replaced as in lessons; questions grouped into topics
    "anonymise_free_text", "AnonymisedText", "person_role", "group_questions", "QuestionTopic",
    # converting uploaded files (reasons a conversion fails are the constants)
    "convert_file", "convert_isolated", "check_size", "file_kind", "Converted", "ConversionError",
    "MAX_BYTES", "EMPTY", "NO_TEXT", "TOO_LARGE", "TOO_LONG", "TOO_COMPLEX", "UNREADABLE", "WRONG_TYPE",
    # people and organisations
    "Directory", "load_directory", "InvalidDirectory",
    # events and their Danish text
    "Event", "InvalidEvents", "TZ", "events_path", "load_events", "cached_events", "upcoming_events",
    "past_events", "find_event", "search_events", "as_local", "danish_date", "event_lines",
    "format_event_summary", "format_event_text", "format_place", "format_signup_deadline", "format_title",
    "format_when", "status_marker",
    # domain errors (each message says what to do next)
    "VidensbankError", "IndexNotFound", "IndexNotWritable", "ModelMismatch", "CorruptIndex", "InvalidDocument",
    "DuplicateDocument", "ModelUnavailable",
    # the command-line options other CLIs share
    "index_options", "friendly_errors",
]
