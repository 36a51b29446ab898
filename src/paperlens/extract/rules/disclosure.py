"""Rules backend, disclosure: legal entity, jurisdiction, address, team and advisors,
risk section and regulatory statement.
"""

from __future__ import annotations

import re

from paperlens.ingest.document import Document, normalize
from paperlens.schema import Evidence, Fact, Person, Tokenomics
from paperlens.extract.rules.base import I, Ctx, fact_of, first_match, toc
from paperlens.extract.rules.text import COMPARISON, QUOTE_LIMIT, Sentence, matching_text, one_of, quote_length, words

_SUFFIX = one_of(
    r"Foundation",
    r"AG",
    r"GmbH",
    r"Ltd\.?",
    r"Limited",
    r"Inc\.?",
    r"LLC",
    r"Pte\.? Ltd\.?",
    r"S\.A\.",
    r"SEZC",
    r"Stiftung",
    r"Corporation",
    r"Corp\.?",
    r"OÜ",
    r"B\.V\.",
    r"SA",
    r"S\.à r\.l\.",
    r"S\.?R\.?L\.?",  # Romanian, Italian, Costa Rican "SRL"
    r"PLC",
    r"Company(?!\s+[A-Z][a-z])",
    r"FOUNDATION",  # a disclaimer in capitals
    r"LIMITED",
    r"LTD\.?",
    r"INC\.?",
    flags=0,
)
_ENTITY = re.compile(
    r"\b((?:[A-Z][A-Za-z0-9&'-]+ ){1,4}(?:" + _SUFFIX.pattern + r")(?:, (?:Inc\.?|LLC|Ltd\.?))?"  # "Acme Trust Company, LLC"
    r"|(?:[A-Z][A-Za-z0-9&'-]+ ){0,3}[A-Z][A-Za-z0-9&'-]+, (?:Inc\.?|LLC|Ltd\.?))(?![\w])")  # "Acme Labs, Inc."
_ENTITY_CONTEXT = words(
    r"incorporated",
    r"registered",
    r"established",
    r"organi[sz]ed",
    r"founded",
    r"headquartered",
    r"based",
    r"domiciled",
    r"operat(?:es|ed) by",
    r"issued by",
    r"issuer",
    r"company",
    r"legal entity",
    r"non-?profit",
    r"token sale",
    r"contribut\w*",
    r"governed by",
    r"(?:with its )?registered office",
    r"laws of",
    r"sells?",
    r"seller",
)
_ENTITY_STRONG = words(
    r"incorporated",
    r"registered (?:in|under|office|with)",
    r"established (?:in|under)",
    r"organi[sz]ed under",
    r"domiciled",
    r"headquartered",
    r"laws of",
    r"issuing entity",
    r"jurisdiction of (?:issuance|incorporation)",
    r"organi[sz]ed as a (?:corporation|company)",
    r"(?:white ?paper|document) (?:\w+ ){0,2}(?:prepared|published) by",
)
_ENTITY_AFTER = one_of(  # right after the name, in a legal text: a defined term or a company number
    r"^\s*\((?:the )?\"?(?:Company|Foundation|Issuer|Token Issuer|Seller)\"?\)",
    r"^\s*\((?:[A-Za-z ]{0,30}(?:No|Number)\.?:?\s*)?(?=[A-Z]*\d)[0-9A-Z]{6,12}\)",
    r"^\s*,?\s*(?:Reg(?:istration)?\.? No\b|Company (?:No\b|Number))",
)
# "USDX is issued by Acme Trust", ", issued by Acme Trust", a byline "Issued by Acme Trust"
_ISSUED_BY = re.compile(r"(?:(?:\b(?:is|are|will be)|,) (?:issued|operated|managed)|(?:^|\s)(?-i:Issued|Operated|Managed))"
                        r" by\s*$", I)
_COPYRIGHT = re.compile(r"(?:©|\(c\)|\bCopyright)\s*(?:\d{4}(?:\s*-\s*\d{4})?\s*)?,?\s*$", I)  # "© 2018 Acme Inc."
_NOT_IN_NAME = words(  # a phrase of a disclaimer in capitals, not a name ("INCLUDING BUT NOT LIMITED")
    r"NOT",
    r"BUT",
    r"INCLUDING",
    r"WITHOUT",
    r"OR",
    r"IS",
    r"ARE",
    r"ANY",
    r"[Nn]ot [Ll]imited",
    flags=0,
)
_LEAD = re.compile(r"\s(?=(?:The|This|Our|Neither|Nor|By|Of)\s)", I)  # words before a name run into it

_NOT_ENTITY = re.compile(r"^(?:The|This|A|An|Our|All|Each|For|In|By|Of|And|See|Ethereum|Bitcoin|Linux|"
                         r"Apache|Mozilla|Wikimedia|Stellar|Python|Free Software)\b")
_JURISDICTIONS = (
    "Switzerland",
    "Swiss",
    "Singapore",
    "Gibraltar",
    "Cayman Islands",
    "British Virgin Islands",
    "Hong Kong",
    "Estonia",
    "Malta",
    "Liechtenstein",
    "Delaware",
    "Wyoming",
    "New York",
    "United States",
    "Israel",
    "United Kingdom",
    "UK",
    "England and Wales",
    "Ireland",
    "Germany",
    "Poland",
    "Canada",
    "Cyprus",
    "Seychelles",
    "Panama",
    "Belize",
    "Bermuda",
    "Bahamas",
    "Isle of Man",
    "Jersey",
    "Guernsey",
    "Lithuania",
    "Slovenia",
    "Netherlands",
    "Luxembourg",
    "Japan",
    "Korea",
    "Australia",
    "Zug",
    "Curacao",
    "Curaçao",
    "Marshall Islands",
    "Mauritius",
    "Labuan",
    "Dubai",
    "UAE",
    "BVI",
    "Singaporean",
    "Costa Rica",
    "France",
    "Austria",
    "Belgium",
    "Denmark",
    "Sweden",
    "Norway",
    "Finland",
    "Latvia",
    "Spain",
    "Portugal",
    "Italy",
    "Czech Republic",
    "Bulgaria",
    "Romania",
    "Ukraine",
    "Russia",
    "China",
    "Taiwan",
    "Thailand",
    "Malaysia",
    "India",
    "New Zealand",
    "Brazil",
    "Argentina",
    "South Africa",
    "Anguilla",
    "Samoa",
    "Vanuatu",
    "Saint Kitts and Nevis",
    "Saint Vincent and the Grenadines",
    "Barbados",
    "Bahrain",
    "Abu Dhabi",
)
_JURIS = re.compile(r"\b(" + "|".join(re.escape(j) for j in _JURISDICTIONS) + r")\b")
_OWN_COMPANY = re.compile(r"\b(?P<name>[A-Za-z][\w.&'-]{1,30}) is (?:now )?an? (?:(?P<where>" + "|".join(
    re.escape(j) for j in _JURISDICTIONS) + r")[- ])?(?:registered |incorporated |based |domiciled )?company\b")
_ADDRESS = one_of(
    r"\b\d{1,4}[A-Za-z]?,? (?:[A-Z][\w'-]+ ){1,3}"
        r"(?:Street|St\.|Road|Rd\.|Avenue|Ave\.|Boulevard|Blvd\.|Lane|Drive|Square|Place|Way)\b[^.\n]{0,60}",
    r"\b[A-Z][a-zäöü]+(?:strasse|straße|gasse|weg|platz) \d{1,4}[a-z]?,? (?:CH-)?\d{4,5} [A-Z][a-z]+",
    flags=0,
)
_ROLE = words(
    r"CEO",
    r"CTO",
    r"COO",
    r"CFO",
    r"CMO",
    r"CIO",
    r"CSO",
    r"CPO",
    r"Chief [A-Z][a-z]+ (?:O\s?(?:ffi)?cer|Officer|Scientist|Architect)",
    r"Co-?[Ff]ounder",
    r"Founder",
    r"President",
    r"Head of [A-Z]?[a-z]+",
    r"Lead [A-Z]?[a-z]+",
    r"(?:Senior |Lead |Software |Blockchain |Full[- ]?Stack |Backend |Frontend |Front-end |Back-end "
        r"|Smart Contract |Solidity )?(?:Engineer|Developer)",
    r"Director",
    r"Advis[oe]r",
    r"Managing Partner",
    r"Partner",
    r"Product Manager",
    r"Project Manager",
    r"Community Manager",
    r"Marketing Manager",
    r"Designer",
    r"Researcher",
    r"Scientist",
    r"Architect",
    r"Chairman",
    r"Board Member",
    r"Mathematician",
    r"General Counsel",
    r"(?:Tech|Marketing|Team|Product|Design|Community|Engineering|Research) Lead(?:er)?",
    flags=0,
)
_NAME = r"(?P<name>[A-Z][a-zà-ÿ'’-]+(?:\s+(?:[A-Z]\.|[A-Z][a-zà-ÿ'’-]+|van|von|de|der|da)){1,3})"
_PERSON_LINE = re.compile(r"^\s*" + _NAME + r"\s*(?:[,|/:(–—-]|\s)\s*(?P<role>.{2,80})$")
_NOT_NAME = words(
    r"The",
    r"Team",
    r"Our",
    r"Head",
    r"Chief",
    r"Token",
    r"Tokens",
    r"Network",
    r"Foundation",
    r"Blockchain",
    r"Project",
    r"Platform",
    r"Company",
    r"Board",
    r"Advisors?",
    r"Advisory",
    r"Founders?",
    r"Management",
    r"Lead",
    r"Senior",
    r"Software",
    r"Engineer",
    r"Developer",
    r"Director",
    r"Officer",
    r"Partner",
    r"Smart",
    r"Contract",
    r"Labs?",
    r"Inc",
    r"Ltd",
    r"Group",
    r"Capital",
    r"Ventures",
    r"Fund",
    r"Bank",
    r"University",
    r"Institute",
    r"Crowdsale",
    r"Sale",
    r"Core",
    r"Key",
    r"Business",
    r"Development",
    r"Community",
    r"Marketing",
    r"Product",
    r"Table",
    r"Figure",
    r"Section",
    r"Version",
    r"White",
    r"Paper",
    r"Whitepaper",
    r"Executive",
    r"Technology",
    r"Technical",
    r"Operating",
    r"Financial",
    r"Investment",
    r"Analytics",
    r"Stack",
    r"Full",
    r"Creative",
    r"Designer",
    r"Research",
    r"Chairman",
    r"Security",
    r"Analyst",
    r"Quality",
    r"Assurance",
    r"Manager",
    r"Operations",
    r"Strategy",
    r"Design",
    r"Support",
    r"Sales",
    r"Legal",
    r"Data",
    r"Growth",
    r"Relations",
    r"Communications?",
    r"Content",
    r"Partnerships?",
    r"Marketplace",
    r"Exchange",
    r"Protocol",
    r"Economics",
    r"Science",
    r"Mobile",
    r"Web",
    r"Game",
    r"Games",
    r"Gaming",
    r"Digital",
    r"Global",
    flags=0,
)
_ADVISOR_HEAD = re.compile(r"^\s*(?:\d+(?:\.\d+)*\.?\s*)?(?:our |the |key |strategic )?"
                           r"(?:advisors|advisers|advisory board|board of advisors)\b", I)
_TEAM_HEAD = re.compile(r"^\s*(?:\d+(?:\.\d+)*\.?\s*)?(?:[A-Za-z]+ )?(?:team|founders|management|"
                        r"leadership|core team|managers|key developers|developers)\s*$", I)
_RISK_HEAD = re.compile(
    r"^\s*(?:\d+(?:\.\d+)*\.?\s*)?(?:[A-Z]\.\s*)?(?:key |main |potential |important |general )?"
    r"(?:(?:risk factors|risks?)(?: and (?:uncertainties|disclaimers?|challenges|mitigations?|"
    r"limitations|warnings?|disclosures?))?|"
    r"risk disclosures?|risk warnings?|risks? associated with [\w ]{3,40}|"
    r"risks? (?:relating|related) to [\w ]{3,40})\s*:?\s*(?:\.{2,}\s*)?\d{0,3}\s*$", I)
_REGULATORY = re.compile(
    r"\b(?:(?:is|are|shall) not (?:intended to be |considered )?(?:a |an )?securit(?:y|ies)|"
    r"does not constitute (?:an? )?(?:offer|prospectus|solicitation|investment advice)|"
    r"not (?:been )?(?:registered|approved|reviewed) (?:with|by) (?:any|the)\b|"
    r"no regulatory authority|not a prospectus|securities (?:act|laws?)|regulatory (?:approval|status))", I)
_REGULATOR = words(
    r"SEC",
    r"FINMA",
    r"MAS",
    r"FCA",
    r"CFTC",
    r"FinCEN",
    r"ESMA",
    r"BaFin",
    flags=0,
)
_INLINE_PERSON = re.compile(_NAME + r"\s*,\s*(?P<role>[^,|]{2,40})")


_AUTHORS = re.compile(r"^\s*(?:Authors?|Written\s+by)\s*:?\s+(?P<names>.+)$")
_BYLINE_GAP = re.compile(r"\s+[-–—|·•]\s+")  # "Julian Svirsky – Neil Mohinani – Denis Donin"
_WITH_EMAIL = re.compile(r"^\s*(?P<name>.+?)\s+[\w.+-]+@[\w-]+(?:\.[\w-]+)+\s*$")  # "KEVIN HOBBS k@acme.io"


def _a_name(text: str) -> bool:
    """A person's name, also in capitals ("KEVIN HOBBS")."""
    text = text.title() if text.isupper() else text
    return bool(re.fullmatch(_NAME, text)) and not _NOT_NAME.search(text)


def _byline(folded: str) -> list[str]:
    """The names a title page gives without roles: several set apart by dashes or bars, or one with its
    e-mail address."""
    parts = _BYLINE_GAP.split(folded.strip())
    if len(parts) >= 2 and all(_a_name(p) for p in parts):
        return parts
    m = _WITH_EMAIL.match(folded)
    return [m.group("name")] if m and _a_name(m.group("name")) else []


def _line_people(lines: list[str], i: int) -> tuple[list[tuple[str, str]], int]:
    """People named on line ``i`` (with the line index their quote ends on).

    Three layouts: "Jane Doe, CEO" on one line; "Jane Doe" then "CEO" on the next;
    a by-line naming several people ("By A B, COO, X | C D, CEO, X").
    """
    folded = normalize(lines[i])
    if not 5 <= len(folded) <= 200:
        return [], i
    authors = _AUTHORS.match(folded)  # "Authors: Hugh Madden, David Tee & Liam Bussell"
    if authors:
        parts = [p for p in re.split(r"\s*(?:,|&|\band\b|\|)\s*", authors.group("names").strip(" .")) if p]
        if all(re.fullmatch(_NAME, p) and not _NOT_NAME.search(p) for p in parts):
            return [(p, "author") for p in parts], i
    if len(folded) <= 90:
        person = _person(folded)
        if person:
            return [person], i
        name_only = re.fullmatch(_NAME, folded)
        if name_only and i + 1 < len(lines) and not _NOT_NAME.search(folded):
            nxt = normalize(lines[i + 1])
            role = _ROLE.search(nxt)
            if role and role.start() <= 3 and len(nxt) < 60:
                return [(name_only.group("name"), nxt)], i + 1
            first = folded.split()[0]
            if (re.match(re.escape(first) + r"\s+(?:is|was|has|had|holds|obtained|received|graduated|founded|"
                         r"co-founded|leads|led|joined|worked|brings|serves|started)\b", nxt)
                    and re.search(r"\b(?:his|her|he|she)\b", nxt, I)):
                return [(name_only.group("name"), "")], i  # a bio under the name: "Bo Wang" / "Bo obtained his B.S ..."
    inline = [(re.sub(r"^By\s+", "", m.group("name")), m.group("role").strip())
              for m in _INLINE_PERSON.finditer(folded)
              if not _NOT_NAME.search(m.group("name")) and _ROLE.match(m.group("role").strip())]
    return (inline, i) if len(inline) >= 2 else ([], i)


def _team(t: Tokenomics, ctx: Ctx) -> None:
    """Named team members and advisors, each with the line(s) naming them."""
    seen: set[str] = set()
    common: set[str] | None = None  # the words the paper writes in lower case: read once, for a byline
    for page in ctx.doc.pages:
        lines = page.text.split("\n")
        offsets = [0]
        for line in lines:
            offsets.append(offsets[-1] + len(line) + 1)
        section = None
        for i, line in enumerate(lines):
            folded = normalize(line)
            if _ADVISOR_HEAD.match(folded) and len(folded) < 40:
                section = "advisors"
                continue
            if _TEAM_HEAD.match(folded):
                section = "team"
                continue
            people, last = _line_people(lines, i)
            names = _byline(folded) if not people and page.number == 1 else []
            if names:
                if common is None:
                    common = set(re.findall(r"\b[a-z]{2,}\b", "\n".join(p.text for p in ctx.doc.pages)))
                # not words the paper also writes in lower case ("Open Finance": "open", "finance")
                if not any(all(w.lower() in common for w in name.split()) for name in names):
                    people = [(name, "author") for name in names]
            quote = page.text[offsets[i]: offsets[last] + len(lines[last])].strip()
            if quote_length(quote) > QUOTE_LIMIT:
                continue
            for name, role in people:
                if name in seen:
                    continue
                seen.add(name)
                entry = Person(name=name, role=role or None, evidence=Evidence(page=page.number, quote=quote))
                if re.search(r"\badvis[oe]r", role, I) or section == "advisors" or _elsewhere(role, ctx):
                    t.disclosure.advisors.append(entry)
                else:
                    t.disclosure.team.append(entry)
    for s in ctx.all_sentences:  # a list of names and titles can look like a table of contents
        if COMPARISON.search(s.norm):
            continue
        for name, role in _prose_people(s, ctx):
            if name in seen:
                continue
            seen.add(name)
            entry = Person(name=name, role=role, evidence=s.evidence())
            if role and (re.search(r"\badvis[oe]r", role, I) or _elsewhere(role, ctx)):
                t.disclosure.advisors.append(entry)
            else:
                t.disclosure.team.append(entry)


_TEAM_INTRO = one_of(
    # "Founded by Jane Doe, ..."
    r"^(?:founded|co-founded|created|built|developed|designed|started) by\s+",
    r"\b(?:"
        r"(?:protocol|network|project|platform|system|software|token|company|product|app|game)\s+"
        r"(?:was|is|has been|were|are)\s+(?:being\s+)?"
        r"(?:built|developed|designed|created|founded|written|led|maintained)\s+by"
        r"|(?:core|founding|management|leadership|our)?\s*(?:team|contributors|founders|developers|team members)\s*"
        r"(?:is|are|includes?|consists of|comprises|:)"
        r"|the team\s*:"
        r")\s*:?\s*",
)
_PROSE_PERSON = re.compile(  # "Jane Doe (research)", "Jane Doe, research;" or just "Jane Doe"
    _NAME.replace("\\s+", " ")
    + r"(?:\s*\((?P<role1>[^()]{2,40})\)"
    r"|\s*,\s*(?P<role2>[a-z][\w/-]*(?: (?:[a-z][\w/-]*|and|&)){0,4})(?=\s*(?:;|\.|$)))?")
_PROSE_TITLE = re.compile(r"\s*,\s*(?P<title>[A-Z][\w&/ -]{1,40}?)(?=\s*(?:;|\.|,|$))")  # ", Chief Executive Officer"
_PROSE_SEP = re.compile(r"\s*(?:,|;|&|\band\b)\s*(?:and\s+)?")
_ORG_WORD = re.compile(r"\s*(?:Ltd|Limited|GmbH|AG|Inc|LLC|LLP|Foundation|Labs?|Corp\w*|Company|S\.A)\b")


_NAMED_FOUNDER = re.compile(r"\b([A-Z][\w-]+)\s+(?:was|is|has been)\s+(?:co-)?(?:founded|created|built|developed|"
                            r"designed|started|led|run|managed)\s+by\s+")


def _prose_people(s: Sentence, ctx: Ctx) -> list[tuple[str, str | None]]:
    """People listed in running text: "built by A B (role), C D (role) and E F", "Core team: A B, research; ..."

    A list after an introduction ("was built by", "the core contributors are"), or,
    without one, a list of at least two "Name, Title" items whose titles are roles.
    """
    names = {w.lower() for n in ctx.names for w in n.split()}
    intro = _TEAM_INTRO.search(s.norm) or _NAMED_FOUNDER.search(s.norm)
    if intro and intro.re is _NAMED_FOUNDER and intro.group(1).lower() not in names:
        intro = None  # "<Project> was founded by ...", only for the project's own name
    pos = intro.end() if intro else 0
    people: list[tuple[str, str | None]] = []
    while True:
        m = _PROSE_PERSON.match(s.norm, pos)
        if not m or _NOT_NAME.search(m.group("name")) or _ORG_WORD.match(s.norm, m.end("name")):
            break
        if any(w.lower() in names for w in m.group("name").split()) or re.search(r"['’]s?$", m.group("name")):
            break  # the project's own name, or a possessive ("Nakamoto's design")
        role, end = m.group("role1") or m.group("role2"), m.end()
        title = None if role else _PROSE_TITLE.match(s.norm, end)
        if title and _ROLE.match(title.group("title")):
            role, end = title.group("title"), title.end()
        if not intro and not (role and _ROLE.search(role)):
            break
        people.append((m.group("name"), role.strip() if role else None))
        sep = _PROSE_SEP.match(s.norm, end)
        if not sep:
            break
        pos = sep.end()
    return people if (intro and people) or len(people) >= 2 else []


def _elsewhere(role: str, ctx: Ctx) -> bool:
    """A role held at another organisation ("Co-founder at Aragon"): an advisor, not the team."""
    m = re.search(r"\b(?:at|of)\s+(?P<org>[A-Z][\w&.-]*(?:\s+[A-Z][\w&.-]*)*)", role)
    if not m or not _ROLE.search(role[: m.start()]):
        return False
    org = m.group("org").lower()
    return not any(n.lower().split()[0] in org for n in ctx.names if n)


def _person(line: str) -> tuple[str, str] | None:
    """(name, role) from a line such as "Jane Doe | Co-founder & CEO", or None."""
    m = _PERSON_LINE.match(line)
    if not m:
        return None
    name, rest = m.group("name"), m.group("role")
    if _NOT_NAME.search(name):
        return None
    role = _ROLE.search(rest)
    if not role:
        return None
    if role.start() > 4:  # "Jane Doe, Ethereum Developer": title words before the role word
        separated = line[m.end("name"):].lstrip()[:1] in (",", "|", "-", "–", "—")
        if not separated or not re.fullmatch(r"(?:(?:[A-Z][\w-]*|and|&)\s+){1,4}", rest[: role.start()]):
            return None
    paren = re.match(r"\(([^()]{2,60})\)", line[m.end("name"):].lstrip())
    if paren and _ROLE.match(paren.group(1)):  # "Jane Doe (CEO) leads the project"
        return name, paren.group(1).strip()
    pieces = re.split(r"\s+[-–—]\s+", re.split(r"[.;]\s|,\s(?=[a-z])", rest)[0])
    role_text = pieces[0]
    for piece in pieces[1:]:  # "Co-founder - Lead Developer", not "CEO - As our ..."
        if not (_ROLE.match(piece) and len(piece) < 40):
            break
        role_text += " - " + piece
    return name, role_text.strip(" ,|/:()–—-")[:80]


def _risk_section(doc: Document) -> Fact:
    """A heading line such as "Risk Factors", "RISKS:", "7. Risks and uncertainties"."""
    for page in doc.pages:
        for line in page.text.split("\n"):
            folded = normalize(line)
            if 3 < len(folded) < 70 and _RISK_HEAD.match(folded) and folded.lstrip("0123456789. ")[:1].isupper():
                return Fact(value=True, evidence=Evidence(page=page.number, quote=line.strip()))
    return Fact()


_ANONYMOUS = one_of(
    r"\b(?:anonymous|pseudonymous) (?:team|founders?|developers?|core contributors?)\b",
    r"\b(?:our |the )?(?:team|founders?|developers?|core contributors)\b(?:(?!\b(?:not|never|no)\b)[^.]){0,80}\b"
        r"(?:remain|stay|are|is)\s+(?:fully |completely )?(?:anonymous|pseudonymous)\b",
)


# "Acme Ltd (Singapore)", "Acme Ltd, a company registered in Malta", "Acme Foundation, a Cayman Islands foundation
# company", "Acme AG, Zug, Switzerland", "Acme Inc. is based in Delaware"
_LOCATED = re.compile(r"\s*(?:\(|,\s*an?\s+(?=\w[\w ]{2,30}\s(?:company|foundation|corporation|entity)\b)"
                      r"|,\s*(?:a \w+ (?:registered|incorporated|based) in )?(?:the )?"
                      r"|\s(?:(?:is )?(?:based|located|headquartered|registered|incorporated) )?in (?:the )?)"
                      r"(?:[A-Z][a-z]+,\s*)?(" + "|".join(re.escape(j) for j in _JURISDICTIONS) + r")\b")


def _own_copyright(s: Sentence, entity: str, ctx: Ctx) -> bool:
    """The paper's copyright line ("... All rights reserved", or a footer on several pages), not an image credit."""
    return bool(re.search(r"\brights reserved\b", s.norm, I)) or sum(entity in p.text for p in ctx.doc.pages) >= 3


def _presented(name: str, ctx: Ctx) -> bool:
    """A name the paper presents itself by: on its opening pages and used throughout (five times or more)."""
    pattern = re.compile(r"(?<![\w.])" + re.escape(name) + r"(?![\w])")
    return (any(pattern.search(p.text) for p in ctx.doc.pages[:3])
            and sum(len(pattern.findall(p.text)) for p in ctx.doc.pages) >= 5)


def _rejoined(ctx: Ctx) -> list[Sentence]:
    """All sentences (table-of-contents runs too), with a name cut after "Pte." or "Pty." joined to its next
    sentence ("Acme Pte." "Ltd. is ...")."""
    out: list[Sentence] = []
    for s in ctx.all_sentences:
        prev = out[-1] if out else None
        if (prev and prev.page == s.page and re.search(r"\bPt[ey]\.$", prev.norm)
                and prev.start + len(prev.text) <= s.start):
            text = ctx.doc.pages[s.page - 1].text[prev.start: s.start + len(s.text)]
            if quote_length(text) <= QUOTE_LIMIT:
                out[-1] = Sentence(s.page, prev.start, text, matching_text(text))
                continue
        out.append(s)
    return out


# between an entity and a country that is not its seat: "Acme Ltd will not sell to residents of the United States"
_NOT_SEAT = one_of(r"\b(?:not|no|never|residents?|citizens?|persons?|investors?|users?|sells?|sale|offer\w*|exclud\w*|"
                   r"prohibit\w*|restrict\w*|except|outside|branch|office|subsidiar\w*|partner\w*|clients?|customers?|"
                   r"vendors?)\b")


# a body sited: "The company's legal entities ... are based in Amsterdam, the Netherlands", "Founded as a non-profit
# corporation by the team in Hong Kong", "a company whose headquarters are in Lyon, France" (not "OmiseGo is based
# in Thailand", "the team is based in Singapore")
_SITED = re.compile(r"\b(?:based|founded|located|headquartered|headquarters\s+(?:are|is))\b[^.;]{0,60}\bin\s+"
                    r"(?:the\s+)?"
                    r"(?:[A-Z]\w+,\s+(?:the\s+)?)?$", I)
# a body formed there: "will set up a foundation in Singapore", "the decision to establish a new company in Switzerland"
_FORMED = re.compile(r"\b(?:set\s+up|establish\w*|form(?:ed|s)?|incorporat\w*|register\w*)\s+(?:a|an|the|its|our)\s+"
                     r"(?:new\s+)?(?:[\w-]+\s+)?(?:company|foundation|entity|corporation)\s+in\s+(?:the\s+)?$", I)
# the place of the body, before it: "This is the Swiss-based company responsible for ..."
_BASED_BODY = re.compile(r"[- ]based\s+(?:non-?profit\s+)?(?:company|foundation|entity|corporation|firm)\b", I)
_BODY = re.compile(r"\b(?:(?i:company|companies|entit(?:y|ies)|foundation|corporation)|Ltd|Limited|Inc|GmbH|AG|B\.V|Pte"
                   r"|LLC|SRL)\b")


def _seat(entity: str, s: Sentence) -> tuple[str, Sentence] | None:
    """The country the entity's own sentence gives it after its name ("Acme AG, ..., Zug, Switzerland",
    "Acme Inc. is a Delaware corporation")."""
    for found in re.finditer(re.escape(entity), s.norm):  # each time the sentence names it
        m = _JURIS.search(s.norm, found.end())
        if m and m.group(1) == "Swiss":  # an adjective: the country, if named, follows
            m = _JURIS.search(s.norm, m.end())
        if m and m.start() - found.end() <= 80 and not _NOT_SEAT.search(s.norm, found.end(), m.start()):
            return m.group(1), s
    return None


def fill_disclosure(t: Tokenomics, ctx: Ctx) -> None:
    """Legal entity, jurisdiction, address, team, advisors, risk section, regulatory note."""
    d = t.disclosure
    names = [n.lower() for n in ctx.names if len(n) >= 3]
    best: tuple[int, str, Sentence] | None = None
    located: tuple[str, Sentence] | None = None
    for s in _rejoined(ctx):
        for m in _ENTITY.finditer(s.norm):
            # a heading run into the next sentence ("DATx CORE TEAM The Foundation"): only what follows
            entity = _LEAD.split(m.group(1).strip())[-1]
            entity = re.sub(r"^(?:The|This|Our|Neither|Nor|By|Of)\s+", "", entity, flags=I)
            if _NOT_ENTITY.match(entity) or _NOT_IN_NAME.search(entity) or " " not in entity:
                continue
            where = _LOCATED.match(s.norm, m.end())  # "Solace Foundation (Singapore)"
            named = (_ENTITY_AFTER.search(s.norm[m.end():]) or _ISSUED_BY.search(s.norm[:m.start()])
                     or (_COPYRIGHT.search(s.norm[:m.start()]) and _own_copyright(s, entity, ctx)))
            if not named and toc(s.norm):
                continue  # a run of headings names an entity only as a byline: "... Issued by Acme Trust, LLC"
            context = (2 if _ENTITY_STRONG.search(s.norm) or where or named
                       else 1 if _ENTITY_CONTEXT.search(s.norm) else 0)
            if (entity != m.group(1).strip() or entity.isupper()) and not context:
                continue  # "The Dai Foundation: a team of developers" names a body, "ACME FOUNDATION" is a heading
            score = (2 if any(n.split()[0] in entity.lower() for n in names) else 0) + context
            if score >= 2 and (best is None or score > best[0]):
                best = (score, entity, s)
                located = (where.group(1), s) if where else None
    if best:
        d.legal_entity = fact_of(best[1], best[2])
        if not located:
            located = _seat(best[1], best[2])
    if located:
        d.jurisdiction = fact_of(*located)
    for s in ctx.sentences if not best else []:  # "Acme is a UK registered company": the project's company
        m = _OWN_COMPANY.search(s.norm)
        if m and (any(m.group("name").lower() == n.split()[0] for n in names) or _presented(m.group("name"), ctx)):
            d.legal_entity = fact_of(m.group("name"), s)
            if m.group("where") and not located:
                d.jurisdiction = fact_of(m.group("where"), s)
            break
    for s in ctx.sentences if not d.jurisdiction.stated else []:
        for m in _JURIS.finditer(s.norm):
            context = s.norm[max(0, m.start() - 60): m.start()]
            if _NOT_SEAT.search(s.norm, 0, m.start()):
                continue  # "you are not ... domiciled in the United States": a restriction, not the seat
            if (_ENTITY_STRONG.search(context) or re.search(r"\bbased\W*$", context, I) or _FORMED.search(context)
                    or (_SITED.search(context) and _BODY.search(s.norm)) or _BASED_BODY.match(s.norm, m.end())):
                d.jurisdiction = fact_of(m.group(1), s)
                break
        if d.jurisdiction.stated:
            break
    for s in ctx.sentences:
        m = _ADDRESS.search(s.norm)
        if m:
            d.address = fact_of(m.group(0).strip(" ,"), s)
            break
    _team(t, ctx)
    if len(d.team) >= 2:
        d.team_anonymous = Fact(value=False, evidence=d.team[0].evidence.model_copy())
    else:
        hit = first_match(ctx, _ANONYMOUS)
        if hit:
            d.team_anonymous = fact_of(True, hit[0])
    d.risk_section = _risk_section(ctx.doc)
    for s in ctx.sentences:
        m = _REGULATORY.search(s.norm) or _REGULATOR.search(s.norm)
        if m and not COMPARISON.search(s.norm) and len(s.norm) > 40:
            d.regulatory_statement = fact_of(s.norm, s)
            break
