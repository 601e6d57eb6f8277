"""DOI metadata enrichment: complete parsed records from Crossref (or DOI content negotiation).

``cache.py`` opens the requests-cache session, ``client.py`` talks HTTP (politely),
``crossref.py`` maps answers to record fields, ``merge.py`` holds the merge policy and
``enricher.py`` runs them as one pipeline stage: ``Enricher(...)(records) -> Enrichment``.
"""

from citekit.enrich.cache import CacheError, default_cache_path, open_session
from citekit.enrich.client import POLITE, PUBLIC, DoiClient, Limits, Settings, SettingsError
from citekit.enrich.enricher import Enricher, Enrichment, Outcome, enrich_records
from citekit.enrich.merge import PREFER_CHOICES

__all__ = [
    "POLITE",
    "PREFER_CHOICES",
    "PUBLIC",
    "CacheError",
    "DoiClient",
    "Enricher",
    "Enrichment",
    "Limits",
    "Outcome",
    "Settings",
    "SettingsError",
    "default_cache_path",
    "enrich_records",
    "open_session",
]
