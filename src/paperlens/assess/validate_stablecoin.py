"""The stablecoin rules and their tables: reserves, attestation, interest, redemption, collateral, peg.

They run only on a paper with a stablecoin section; the comparisons, thresholds
and severities are the policy's (``policy.toml``).
"""

from __future__ import annotations

import re

from paperlens.schema import Finding
from paperlens.assess.validate_base import Ctx, facts_ev, num, rule


_FIAT_LIKE = ("fiat_reserve",)
_INELIGIBLE = re.compile(
    r"commercial paper|corporate (?:bonds?|debt)|secured loans?|\bloans?\b|\bbitcoins?\b|\bbtc\b|\bether\b"
    r"|\beth\b|crypto[- ]?assets|digital assets|other cryptocurrencies|\bgold\b|precious metals?"
    r"|equit(?:y|ies)|\bstocks?\b|real estate|other investments",
    re.I,
)
_OFTEN = re.compile(r"daily|weekly|monthly|every (?:day|week|month)|each month|real[- ]time|continuous", re.I)
_RARE = re.compile(r"quarter|annual|year|semi|every \d+ months|twice a year", re.I)


@rule("RESERVE_UNDER", "stablecoin")
def reserve_under(c: Ctx) -> list[Finding]:
    sc = c.t.stablecoin
    if sc is None or sc.mechanism.value not in _FIAT_LIKE:
        return []
    cov = sc.reserve_coverage_pct
    if cov.value is None:
        return [
            c.finding(
                "No statement that reserves cover 100% of the coins issued was found in the text.",
                kind="undisclosed",
                threshold=">= 100% reserves",
                evidence=facts_ev(sc.mechanism),
            )
        ]
    if cov.value >= 100:
        return []
    return [
        c.finding(
            f"Reserves cover only {num(cov.value)}% of the coins issued.",
            figures={"reserve_coverage_pct": cov.value},
            threshold="< 100%",
            evidence=facts_ev(cov),
        )
    ]


@rule("RESERVE_INELIGIBLE", "stablecoin")
def reserve_ineligible(c: Ctx) -> list[Finding]:
    sc = c.t.stablecoin
    if sc is None or sc.mechanism.value not in _FIAT_LIKE:
        return []
    texts = [(sc.reserve_composition.value or "", sc.reserve_composition.evidence)]
    texts += [(col.asset, col.evidence) for col in sc.collateral]
    bad = [(m.group(0), ev) for text, ev in texts for m in [_INELIGIBLE.search(text)] if m]
    if not bad:
        return []
    assets = sorted({b[0].lower() for b in bad})
    return [
        c.finding(
            f"Reserves include assets outside cash, deposits and short T-bills: {', '.join(assets)}.",
            figures={"assets": ", ".join(assets)},
            threshold="cash, bank deposits, T-bills, T-bill repo, T-bill money funds only",
            evidence=[b[1] for b in bad],
        )
    ]


@rule("ATTEST_RARE", "stablecoin")
def attest_rare(c: Ctx) -> list[Finding]:
    sc = c.t.stablecoin
    if sc is None or sc.mechanism.value not in _FIAT_LIKE:
        return []
    firm, freq = sc.attestation_firm, sc.attestation_frequency
    problems, kind = [], "undisclosed"
    if not firm.stated:
        problems.append("no attestation firm is named")
    if not freq.stated:
        problems.append("no attestation frequency was found in the text")
    elif _RARE.search(freq.value):
        problems.append(f"reserves are attested less often than monthly ({freq.value})")
        kind = "risk"
    elif not _OFTEN.search(freq.value):
        problems.append(f"the attestation frequency ({freq.value}) is not stated as monthly or more often")
    if not problems:
        return []
    return [
        c.finding(
            "Reserve attestation is weak: " + "; ".join(problems) + ".",
            kind=kind,
            figures={"attestation_firm": firm.value, "attestation_frequency": freq.value},
            threshold="monthly, by a named independent firm",
            evidence=facts_ev(firm, freq),
        )
    ]


@rule("PAYS_INTEREST", "stablecoin")
def pays_interest(c: Ctx) -> list[Finding]:
    sc = c.t.stablecoin
    if sc is None:
        return []
    hits = c.hits("stablecoin_yield")
    if sc.yield_to_holders.value is not True and not hits:
        return []
    return [
        c.finding(
            "Holders of the stablecoin are promised interest or yield, which MiCA and the GENIUS Act "
            "prohibit for issuers.",
            figures={"passages": len(hits)},
            threshold="any",
            evidence=facts_ev(sc.yield_to_holders) + [h.evidence for h in hits],
        )
    ]


@rule("NO_PAR_REDEMPTION", "stablecoin")
def no_par_redemption(c: Ctx) -> list[Finding]:
    sc = c.t.stablecoin
    if sc is None or sc.redemption_at_par.value is True:
        return []
    if sc.redemption_at_par.value is False:
        return [
            c.finding(
                "Holders cannot redeem the coin at par with the issuer.",
                threshold="redemption at par at any time",
                evidence=facts_ev(sc.redemption_at_par, sc.redemption),
            )
        ]
    what = "Redemption terms are described but not redemption at par" if sc.redemption.stated else (
        "No right to redeem the coin at par was found in the text"
    )
    return [
        c.finding(
            f"{what}.",
            kind="undisclosed",
            threshold="redemption at par at any time",
            evidence=facts_ev(sc.redemption),
        )
    ]


@rule("CRYPTO_CR_LOW", "stablecoin")
def crypto_cr_low(c: Ctx) -> list[Finding]:
    sc = c.t.stablecoin
    if sc is None:
        return []
    fact = sc.min_collateral_ratio_pct if sc.min_collateral_ratio_pct.stated else sc.liquidation_ratio_pct
    if fact.value is None:
        if sc.mechanism.value == "crypto_collateral":
            return [
                c.finding(
                    "The coin is backed by crypto collateral but no minimum collateral ratio was found in the text.",
                    severity=c.mildest(),
                    kind="undisclosed",
                    threshold=c.threshold_text("%"),
                    evidence=facts_ev(sc.mechanism),
                )
            ]
        return []
    hit = c.tier(fact.value)
    if hit is None:
        return []
    return [
        c.finding(
            f"The minimum collateral ratio is {num(fact.value)}%, a thin buffer against a fall "
            "in the collateral's price.",
            severity=hit[0],
            figures={"collateral_ratio_pct": fact.value},
            threshold=c.threshold_text("%"),
            evidence=facts_ev(fact),
        )
    ]


@rule("ENDOGENOUS_COLLATERAL", "stablecoin")
def endogenous_collateral(c: Ctx) -> list[Finding]:
    sc = c.t.stablecoin
    if sc is None:
        return []
    endo = [col for col in sc.collateral if col.endogenous]
    if not endo:
        return []
    shares = [col.share_pct for col in endo]
    names = ", ".join(col.asset for col in endo)
    if any(s is None for s in shares):
        severity, threshold, share = c.mildest(), c.threshold_text("%"), None
        message = f"The issuer's own or affiliated token ({names}) backs the coin; its share was not found in the text."
    else:
        share = float(sum(shares))
        hit = c.tier(share)
        if hit is None:
            return []
        severity, threshold = hit[0], c.threshold_text()
        message = f"The issuer's own or affiliated token ({names}) makes up {num(share)}% of the backing."
    return [
        c.finding(
            message + " Its value falls with the coin's own in a run.",
            severity=severity,
            figures={"endogenous_share_pct": share},
            threshold=threshold,
            evidence=[col.evidence for col in endo],
        )
    ]


@rule("ALGORITHMIC_PEG", "stablecoin")
def algorithmic_peg(c: Ctx) -> list[Finding]:
    sc = c.t.stablecoin
    if sc is None or sc.mechanism.value != "algorithmic":
        return []
    if any(not col.endogenous for col in sc.collateral):
        return []
    return [
        c.finding(
            "The peg is held by a supply algorithm alone, with no outside collateral behind the coin.",
            threshold="exogenous collateral",
            evidence=facts_ev(sc.mechanism) + [col.evidence for col in sc.collateral],
        )
    ]


#: the stablecoin rules, in report order
STABLECOIN_RULES = (reserve_under, reserve_ineligible, attest_rare, pays_interest, no_par_redemption, crypto_cr_low,
                    endogenous_collateral, algorithmic_peg)
