"""The guidance lines of ``DOMAIN.md`` that checklist items cite, with a short paraphrase each.

A checklist item names the guidance it encodes by id (``G2.1``); reports quote the text from
here and list the guidance no item covers. Keep the ids in step with DOMAIN.md.
"""

from __future__ import annotations

GUIDANCE: dict[str, str] = {
    "G0.1": "Let intelligence drive the decisions.",
    "G0.2": "Agencies work together: customs, police, fire service, regulators, prosecutors.",
    "G0.3": "Public and private sectors act as partners: brand owners, platforms, shippers.",
    "G1.1": "Build the first partnerships before acting.",
    "G1.2": "Bring brand owners in to identify the illicit batteries.",
    "G1.3": "Rank the intelligence on operations and commit limited resources to the best leads.",
    "G1.4": "Where possible, disrupt shipments before the goods reach the market.",
    "G2.1": "Safety first: protective equipment on before any exposure.",
    "G2.2": "Where possible, search away from populated areas.",
    "G2.3": "Use robots to assist the examination where they are available.",
    "G2.4": "Engage the fire service as early as possible.",
    "G3.1": "Gather intelligence before the site visit.",
    "G3.2": "Prevent the operation from being noticed early by accident.",
    "G3.3": "Watch for other infringements and crimes on site and pass them to the right agency.",
    "G4.1": "Anticipate media inquiries.",
    "G4.2": "Focus public messages on the specific risks of the products.",
    "G4.3": "Plan beyond the initial enforcement action.",
    "G5.1": "Check packaging artwork and product data against the rights holder's records.",
    "G5.2": "Photograph the packaging and have it analysed for counterfeiting or tampering.",
    "G5.3": "Test the product with a handheld spectrometer.",
    "G5.4": "Cross-check serial number, expiry date, SKU and dose count together.",
}


def guidance_sort_key(guidance_id: str) -> tuple[int, ...]:
    """``G2.10`` after ``G2.9``: compare the numbers, not the text."""
    return tuple(int(part) for part in guidance_id[1:].split("."))
