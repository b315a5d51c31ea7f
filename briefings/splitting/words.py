"""The words speaker phrases are read by: offices, bodies, titles, determiners, clause words.

Finding a tag, naming its speaker and resolving that name later ask the same questions of a word (is
it an office? a determiner?), so the lists live apart from all three, where each can import them.
"""

from __future__ import annotations


def word_set(words: str) -> frozenset[str]:
    return frozenset(words.split())


CLAUSE_WORDS = word_set("is are was were be been has have had will would could should may might can do "
                         "does did not which that who when while because")
"""Words that make a phrase a clause ("prices were higher, Smith said" is no name)."""
PREPOSITIONS = word_set("in on at for with under after before by from to of into over as if when while")
PRONOUNS = frozenset({"he", "she", "it", "they", "we", "i"})
ATTACHING = word_set("at of for with from in to by")
DETERMINERS = word_set("a an the one two three four several some many most other another its their his her "
                        "both all")
ROLE_WORDS = word_set(
    "spokesman spokeswoman spokesperson spokesmen official officials analyst analysts source sources company "
    "companies firm firms group bank banks ministry department government governments economist economists "
    "trader traders dealer dealers executive executives chairman president minister director statement "
    "report industry market senior chief top banking oil arbitrageur arbitrageurs banker bankers observer "
    "observers expert experts delegate delegates diplomat diplomats agency commission board committee "
    "officer manager managers secretary governor treasurer union leader leaders member members study survey "
    "newspaper paper people producer producers buyer buyers seller sellers broker brokers exporter exporters "
    "importer importers authorities management administration corporation unit filing letter release "
    "countries nations lawyer lawyers attorney attorneys communique newsletter association aide aides "
    "underwriter underwriters arbitrager arbitragers radio television magazine publication "
    "judge judges prosecutor prosecutors police investigators regulator regulators watchdog court mayor "
    "council ambassador envoy negotiator negotiators lawmakers legislators senator senators researchers "
    "scientists strategist strategists investors campaigners activists residents witnesses organisers "
    "organizers commander spokespeople operator operators utility utilities"
)
"""Lower-case words a speaker phrase may hold: offices, bodies, the press ("a senior bank official")."""
CONNECTORS = word_set("of for at with and & in by de du da dos das di del della von van der la le bin")
TITLES = word_set(
    "minister secretary chairman chairwoman president vice vice-president vice-chairman governor spokesman "
    "spokeswoman spokesperson analyst economist director executive officer chief treasurer chancellor "
    "senator representative rep sen gov ambassador commissioner undersecretary premier king queen prince "
    "manager head leader mr mrs ms dr professor prof deputy trader dealer banker partner founder owner "
    "consultant strategist lawyer attorney"
)
"""Words of an office, dropped before the name they title."""
ORG_WORDS = word_set(
    "inc corp corporation co ltd plc bank group spa ag nv sa bv gmbh company companies ministry department "
    "board commission association council organisation organization fund authority exchange agency reserve "
    "government union institute industries trust holdings partners securities bureau office opec community "
    "federation international airlines motors petroleum oil service services systems command society"
)
BODY_WORDS = ROLE_WORDS | ORG_WORDS
"""Any word of an office or a body: "the council of the ...", "The Bank"."""
DOCUMENTS = word_set("communique statement report letter release newsletter filing study survey")
"""What a body issues: "a High Command communique said" is the High Command speaking."""
MAX_PHRASE_WORDS = 12
