"""Which web addresses the book may cite: the publishers' live sites, never a staging or mirror copy.

A source address must first follow the project's one URL rule (`rssreview.urls`, which the tables'
schemas check); it is then allowed when its host is one of ALLOWED_DOMAINS or a subdomain of one,
and its host has no staging marker and no trailing dot. A new publisher is added here on
purpose, after checking that the address is its public site.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from rssreview import urls

ALLOWED_DOMAINS = (
    # the regulator, government, NHS and Parliament
    "cqc.org.uk",
    "carequalitycomm.medium.com",
    "gov.uk",
    "nhs.uk",
    "parliament.uk",
    "parallelparliament.co.uk",
    # charities, campaign groups and professional bodies
    "challengingbehaviour.org.uk",
    "mencap.org.uk",
    "mind.org.uk",
    "disabilityrightsuk.org",
    "autism.org.uk",
    "voiceability.org",
    "nhsproviders.org",
    "nasen.org.uk",
    "paradigm-uk.org",
    "ipsea.org.uk",
    # law firms, trade press and news
    "mills-reeve.com",
    "cms-lawnow.com",
    "medscape.com",
    "nursinginpractice.com",
    "politics.co.uk",
    "ukcareweek.com",
    "cypnow.co.uk",
    "communitycare.co.uk",
    "learningdisabilitytoday.co.uk",
    "healthcareconferencesuk.co.uk",
    "wired-gov.net",
    # blogs and forums that quote the official statistics
    "chrishatton.blogspot.com",
    "aspie-editorial.com",
    "wrongplanet.net",
)
STAGING = re.compile(r"(^|[.-])(staging|stage|dev|test|preview)([.-]|\d|$)")


def host_problem(url: str) -> tuple[str, str] | None:
    """Why an address may not be cited, as (expected, found), or None when it may."""
    if not urls.is_safe_url(url):
        return urls.EXPECTED, repr(url)
    host = urlsplit(url).hostname or ""
    if host.endswith(".") or url.split("/")[2].endswith("."):
        return "the host without a trailing dot", repr(host)
    if STAGING.search(host):
        return "the publisher's live site, not a staging copy", repr(host)
    if not any(host == d or host.endswith("." + d) for d in ALLOWED_DOMAINS):
        return (
            "a host on the allowed list in rssreview/evidence/sources.py",
            f"{host!r} (add the publisher there after checking it is its public site)",
        )
    return None


def addresses(cell: str) -> list[str]:
    """Every web address in a cell of a URL column (one address, or several separated by ' ; ')."""
    return urls.split(cell) if cell else []
