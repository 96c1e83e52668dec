"""What a service definition names (labels, options, headings, pages), to spot stale steps.

A step that names something the definition has waits for it as long as Playwright does.
A step that names something the definition does not have is either about a page of the kit
(sign in, tracking) or stale: it gets a short look at the page, then this module's sentence.
"""

from __future__ import annotations

from dataclasses import dataclass

from mvpkit.definition.model import Service
from mvpkit.patterns.tracking.settings import tracking_of
from mvpkit.questions.validation import options_for
from mvpkit.testing.phrases import Kind

ADDRESS_LABELS = ("Address line 1", "Address line 2", "Town or city", "Postcode")
WHAT = {
    Kind.LABEL: "a label of any question",
    Kind.OPTION: "an option of any question",
    Kind.QUESTION: "a question (or its summary) of any page",
    Kind.HEADING: "the title of any page",
    Kind.BUTTON: "a button of any page",
    Kind.PATH: "a page",
}


@dataclass(frozen=True)
class ServiceTerms:
    """The words and page paths a definition gives its pages."""

    source: str
    labels: frozenset[str]
    options: frozenset[str]
    questions: frozenset[str]
    headings: frozenset[str]
    paths: frozenset[str]

    def has(self, kind: Kind, text: str) -> bool:
        """True when the definition names this label, option, question, heading or path."""
        if kind is Kind.LABEL:  # steps find a field by the start of its label
            return any(text.lower() in label.lower() for label in self.labels)
        if kind is Kind.PATH:
            return text.split("?")[0].rstrip("/") in self.paths
        found = {
            Kind.OPTION: self.options,
            Kind.QUESTION: self.questions,
            Kind.HEADING: self.headings,
        }.get(kind, frozenset())
        return text in found

    def stale(self, kind: Kind, text: str) -> str:
        """The sentence for a step naming something the definition does not have."""
        return f'"{text}" is not {WHAT[kind]} in {self.source}'


def service_terms(service: Service, source: str = "service.yaml") -> ServiceTerms:
    """Everything the service's pages are labelled and titled with, and their paths."""
    labels: set[str] = set()
    options: set[str] = set()
    questions: set[str] = set()
    headings = {service.name, service.confirmation.title}
    tracking = tracking_of(service)
    if tracking:
        headings.add(tracking.title)
    for page in service.pages:
        headings.add(page.title)
        for question in page.questions:
            labels.add(question.label)
            questions.update({question.label, question.short_label})
            if question.type == "address":
                labels.update(ADDRESS_LABELS)
            if question.type in ("radios", "checkboxes", "select", "yesno"):
                options.update(option.label for option in options_for(question))
    paths = {"", *(f"/{page.id}" for page in service.pages)}
    return ServiceTerms(
        source,
        frozenset(labels),
        frozenset(options),
        frozenset(questions),
        frozenset(headings),
        frozenset(paths),
    )
