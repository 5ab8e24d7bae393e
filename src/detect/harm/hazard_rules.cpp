#include "detect/harm/hazard_rules.h"

#include <set>
#include <string>

#include "text/word_splitter.h"

namespace bulwark::detect {
namespace {

// Word classes shared by the rules. Kept as macros so that rules stay single string literals
// that read like the regex they are.
// Any text on the same line. Unbounded, because the confirming RE2 pass only sees a window of
// reach_before + reach_after bytes around the trigger anyway; a counted gap ([^\n]{0,80}) made
// RE2's DFA track every position in the gap and cost milliseconds on long inputs.
#define GAP "[^\\n]*"
// A request for instructions or a stated intent.
#define REQUEST                                                                                             \
  "(?:\\bhow\\s+(?:to|do i|do you|do we|can i|can you|can we|could i|could you|would i|"                    \
  "would you|should i|might i|does one|would one|could one|can one|do people|do they|"                      \
  "does someone|would someone|can someone|is it possible to)\\b|"                                           \
  "\\b(?:give|provide|write|list|explain|describe|detail|outline|share|teach|show|tell|"                    \
  "walk|send|generate|draft|compose|devise|suggest|brainstorm|determine|create|research|"                   \
  "find|identify|name|compile|gather|recommend|develop|design|calculate|estimate)\\b|"                      \
  "\\b(?:steps?|instructions?|guide|tutorial|recipe|procedure|protocol|method|methods|"                     \
  "ways?|process|directions|walkthrough|manual|blueprint|formula|plan|tips|advice)\\s+"                     \
  "(?:to|for|on|of)\\b|\\bstep[- ]by[- ]step\\b|"                                                           \
  "\\b(?:i|we|you|i'm|im|we're|you're|i've|we've|i'd|we'd|you'd)\\s+(?:(?:really|just|also|"                \
  "still|now|am|are|was|were|would|will|do|don't)\\s+)?(?:want|need|plan|planning|intend|"                  \
  "going|trying|try|like|have|hope|hoping)\\s+to\\b|\\bwanna\\b|\\bhelp\\s+(?:me|us)\\b|\\bguide\\s+(?:me|" \
  "us)\\b|\\blet'?s\\b|"                                                                                    \
  "\\bcan\\s+(?:i|you|we|one|someone)\\b|\\bwhere\\s+to\\b|\\bwhich\\b|"                                    \
  "\\bwhat(?:'s|\\s+is|\\s+are)\\s+the\\s+(?:(?:best|easiest|simplest|cheapest|fastest|"                    \
  "quickest|safest)\\s+)?(?:way|ways|steps|method|methods|process|recipe|formula)\\b|"                      \
  "\\bwhere\\s+(?:can|do|could|should|would)\\s+(?:i|you|we|one|someone)\\b)"
// Verbs of making; nominal forms ("synthesis of", "ingredients for") count as making.
#define MAKE                                                                                  \
  "(?:make|making|build|building|construct|constructing|assemble|assembling|synthesi[sz]e|"   \
  "synthesi[sz]ing|manufacture|manufacturing|produce|producing|prepare|preparing|create|"     \
  "creating|cook|cooking|brew|brewing|extract|extracting|isolate|isolating|purify|"           \
  "purifying|refine|refining|distill|distilling|formulate|formulating|weaponi[sz]e|"          \
  "weaponi[sz]ing|(?:synthesis|production|manufacture|preparation|extraction|recipe|formula)" \
  "(?:\\s+(?:route|process|method|procedure|steps|instructions))?\\s+(?:for|of)|"             \
  "(?:ingredients|materials|chemicals|precursors?|precursor chemicals|equipment|components|"  \
  "parts)(?:\\s+(?:needed|required|necessary))?\\s+(?:for|of|in|to make|to build)|"           \
  "(?:instructions|directions|guide|tutorial|recipes?|blueprints?|plans|schematics?|"         \
  "diagrams?)\\s+(?:for|to|on|of))"
// Verbs of obtaining, releasing or growing: for warfare agents and pathogens only (people
// buy drug test strips and grow cannabis legally; nobody buys sarin for a good reason).
#define OBTAIN_RELEASE                                                                       \
  "(?:obtain|obtaining|acquire|acquiring|buy|buying|purchase|purchasing|order|ordering|"     \
  "get hold of|source|sourcing|smuggle|smuggling|steal|stealing|release|releasing|disperse|" \
  "dispersing|spread|spreading|deploy|deploying|aerosoli[sz]e|aerosoli[sz]ing|deliver|"      \
  "delivering|detonate|detonating|set off|plant|planting|culture|culturing|cultivate|"       \
  "cultivating|grow|growing|engineer|engineering|mail|mailing|send|sending|ship|shipping|"   \
  "store|storing|stockpile|stockpiling)"
// Words that may stand between the verb and the agent.
#define FILLER                                                                                \
  "(?:a|an|the|some|my|our|own|your|his|her|their|this|that|these|those|homemade|home-made|"  \
  "diy|real|working|functional|simple|small|big|large|powerful|deadly|lethal|toxic|crude|"    \
  "improvised|pure|high-purity|weapons?-grade|military-grade|liquid|powdered|aerosoli[sz]ed|" \
  "weaponi[sz]ed|enough|more|much|stable|potent|strong|effective|cheap|undetectable|"         \
  "untraceable|advanced|sophisticated|makeshift|portable|dangerous|other|high[- ]quality|"    \
  "quality|nerve|agents?|gas|toxin|chemical|biological|quantities of|amounts? of|"            \
  "batch(?:es)? of|\\d+\\s?(?:g|grams?|kg|kilos?|kilograms?|pounds?|lbs?|ml|liters?|litres?|" \
  "oz|ounces?)(?:\\s+of)?|(?:and|or|&)\\s+(?:store|stockpile|use|deploy|transport|hide|"      \
  "sell|distribute|test|purify|refine|make|build|produce))"
#define FILLERS "(?:" FILLER "\\s+){0,4}"

// Agents, by subtype. Names with everyday meanings ("bomb", "explosive") are only in the
// _AMBIGUOUS lists, which the agent-first rules do not use.
#define CHEMICAL                                                                            \
  "(?:sarin|soman|tabun|cyclosarin|novichoks?|vx|nerve (?:agents?|gas(?:es)?)|mustard gas|" \
  "sulfur mustard|sulphur mustard|nitrogen mustards?|lewisite|phosgene|zyklon(?:[- ]b)?|"   \
  "chemical (?:weapons?|warfare agents?)|poison gas(?:es)?|ricin|abrin|saxitoxin|"          \
  "tetrodotoxin|botulinum(?: toxin| neurotoxin)?)"
#define BIOLOGICAL                                                                     \
  "(?:anthrax(?: spores)?|bacillus anthracis|smallpox|variola(?: major| virus)?|"      \
  "ebola(?: virus)?|marburg virus|bubonic plague|pneumonic plague|yersinia pestis|"    \
  "tularemia|francisella tularensis|clostridium botulinum|nipah virus|bio-?weapons?|"  \
  "biological (?:weapons?|warfare agents?)|(?:deadly|lethal|dangerous) (?:pathogens?|" \
  "viruse?s?|bacteria))"
#define NUCLEAR                                                                               \
  "(?:nuclear (?:weapons?|bombs?|warheads?|devices?)|atomic bombs?|a-bombs?|hydrogen bombs?|" \
  "h-bombs?|thermonuclear (?:weapons?|bombs?|devices?)|radiological (?:weapons?|bombs?|"      \
  "dispersal devices?)|dirty bombs?|weapons?-grade (?:uranium|plutonium)|highly enriched "    \
  "uranium)"
#define EXPLOSIVE                                                                           \
  "(?:pipe ?bombs?|nail bombs?|pressure[- ]cooker bombs?|car bombs?|letter bombs?|"         \
  "mail bombs?|fertili[sz]er bombs?|suicide (?:vests?|belts?)|tatp|triacetone triperoxide|" \
  "hmtd|rdx|petn|semtex|nitroglycerine?|anfo|ammonium nitrate (?:bombs?|explosives?)|"      \
  "napalm|plastic explosives?|improvised explosive devices?|ieds?|molotov(?: cocktails?)?|" \
  "cocktails? molotov|molotovs|detonators?|blasting caps?|hand grenades?|grenades?|"        \
  "land ?mines?|claymore mines?|dynamite|flash powder|explosives|explosive (?:devices?|"    \
  "charges?|vests?|belts?))"
#define EXPLOSIVE_AMBIGUOUS "(?:bombs?|explosive (?:materials?|substances?|mixtures?|compounds?))"
#define DRUG                                                                               \
  "(?:methamphetamine|meth|crystal meth|heroin|fentanyl|carfentanil|fentanyl analogu?es?|" \
  "nitazenes?|cocaine|crack cocaine|mdma|lsd|dmt|ghb|krokodil|desomorphine|"               \
  "date[- ]rape drugs?|roofies|rohypnol)"

// Malicious software, by name. "virus" and "worm" only with verbs of writing code (a biology
// student "makes a virus model").
#define MALWARE                                                                                 \
  "(?:ransomware|keyloggers?|key loggers?|(?:remote access )?trojans?(?: horses?)?|rootkits?|"  \
  "bootkits?|botnets?|spyware|stalkerware|malware|cryptojack(?:er|ers|ing)|info ?stealers?|"    \
  "(?:credential|password|cookie|token) (?:stealers?|grabbers?)|exploit kits?|"                 \
  "zero[- ]day exploits?|backdoors?|wiper malware|logic bombs?|fork bombs?|"                    \
  "self[- ]replicating (?:code|programs?|malware|viruse?s?|worms?)|polymorphic (?:code|"        \
  "malware|viruse?s?)|(?:ddos|dos|denial[- ]of[- ]service) (?:tools?|scripts?|bots?|attacks?)|" \
  "distributed denial[- ]of[- ]service|computer (?:viruse?s?|worms?)|(?:e-?mail|macro|"         \
  "boot sector) viruse?s?)"
#define CODE_VIRUS "(?:(?:computer )?viruse?s?|worms?)"
// Verbs of writing or spreading code; nominal forms ("source code for") count too.
#define CODE_VERB                                                                             \
  "(?:write|writing|code|coding|create|creating|develop|developing|build|building|make|"      \
  "making|program|programming|generate|generating|design|designing|craft|crafting|"           \
  "implement|implementing|deploy|deploying|spread|spreading|distribute|distributing|install|" \
  "installing|launch|launching|perform|performing|conduct|conducting|carry out|execute|"      \
  "orchestrate|run|running|use|using|disguise|disguising|hide|hiding|conceal|concealing|"     \
  "obfuscate|obfuscating|(?:source code|code|script|program|software|tool)\\s+(?:for|of)|"    \
  "(?:script|program|code|tool|software|app|application|bot)\\s+(?:that|which)\\s+"           \
  "(?:can\\s+|will\\s+)?(?:runs?|launch(?:es)?|distributes?|spreads?|installs?|deploys?|"     \
  "delivers?))"
#define CODE_FILLER                                                                             \
  "(?:a|an|the|some|my|own|simple|basic|working|functional|fully functional|custom|new|"        \
  "stealthy|undetectable|untraceable|advanced|sophisticated|powerful|malicious|small|python|"   \
  "c\\+\\+|c#|javascript|powershell|bash|windows|android|linux|macos|ios|piece of|program for|" \
  "script for|that)"
#define CODE_FILLERS "(?:" CODE_FILLER "\\s+){0,4}"

// Sexual content, and minors. "nude"/"naked" only of pictures or right before a minor (parents
// ask about toddlers running around naked); bare "sex" only as an act or a genre ("the sex of
// my baby" is not).
#define SEXUAL                                                                                 \
  "(?:sexual|sexually|sexy|erotic|erotica|porn|porno|pornographic|pornography|lewd|nsfw|"      \
  "x-rated|talk(?:ing)? dirty|dirty "                                                          \
  "talk|(?:have|having|had)\\s+sex|sex\\s+(?:with|scenes?|stor(?:y|ies)|acts?|tapes?|"         \
  "videos?|pictures?|photos?|chat)|seduce|seducing|molest|molesting|fondle|fondling|"          \
  "aroused|arousing|horny|orgasms?|sexting|sext|masturbat[a-z]*|(?:nude|naked)\\s+(?:photos?|" \
  "pictures?|pics|images?|videos?|selfies?)|nudes)"
#define MINOR                                                                                   \
  "(?:child|children|kid|kids|minor|minors|underage|under-age|preteens?|pre-teens?|"            \
  "prepubescent|pre-pubescent|toddlers?|little (?:girls?|boys?)|young (?:girls?|boys?|teens?)|" \
  "school ?girls?|school ?boys?|underage teens?|(?:[1-9]|1[0-7])[- ]?(?:year|yr)s?[- ]old|"     \
  "(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|"        \
  "fifteen|sixteen|seventeen)[- ]years?[- ]old|lolis?|lolicon|shotacon|jailbait|"               \
  "(?:first|second|third|fourth|fifth|sixth|seventh|eighth|[1-8]th) graders?|"                  \
  "(?:middle|elementary|primary) school(?:ers?| students?| girls?| boys?))"

// Ways of killing or hurting oneself, asked for by the person themselves ("myself"): a friend's
// crisis ("a friend who wants to kill herself") and "how to stop wanting to ..." do not match.
#define SELF_HARM                                                                           \
  "(?:kill(?:ing)? myself|commit(?:ting)? suicide|end(?:ing)? (?:my (?:own )?life|it all)|" \
  "take my (?:own )?life|hang(?:ing)? myself|overdos(?:e|ing)|od|cut(?:ting)? myself|"      \
  "slit(?:ting)? my wrists?|starv(?:e|ing) myself|hurt(?:ing)? myself|poison(?:ing)? myself)"
#define SELF_HARM_ASK                                                                           \
  "(?:how|ways?|best way|easiest way|quickest way|fastest way|surest way|(?:most )?painless "   \
  "ways?|least painful ways?|methods?|tips|steps)\\s+(?:to|of|for|can i|do i|could i|should i|" \
  "would i)"

// Fraud by name: what one commits, runs or gets away with.
#define FRAUD                                                                               \
  "(?:(?:insurance|tax|credit card|debit card|wire|mail|bank|mortgage|welfare|benefits?|"   \
  "medicare|medicaid|unemployment|securities|investment|check|cheque|identity|voter|"       \
  "election|accounting|healthcare|loan|chargeback|refund|return) fraud|identity theft|"     \
  "money laundering|embezzlement|ponzi schemes?|pyramid schemes?|insider trading|"          \
  "tax evasion|check kiting|(?:credit )?card skimming|sim swap(?:ping)? (?:attacks?|fraud|" \
  "scams?)|(?:phone|investment|crypto|lottery|tech support|romance|advance[- ]fee|rental|"  \
  "charity|inheritance|catfishing) scams?)"
#define FRAUD_VERB                                                                             \
  "(?:commit|committing|do|doing|pull off|pulling off|get away with|getting away with|run|"    \
  "running|start|starting|set up|setting up|carry out|carrying out|perform|conduct|engage in|" \
  "plan|planning|organi[sz]e|orchestrate|launch|create|creating|design|execute|evade|evading|" \
  "hide|hiding)"
// Forged documents: a verb of forging, or of making one that is fake.
#define DOCUMENT                                                                             \
  "(?:passports?|driver'?s licen[cs]es?|driving licen[cs]es?|ids?|id cards?|identity "       \
  "documents?|signatures?|checks?|cheques?|diplomas?|degrees?|doctor'?s notes?|sick notes?|" \
  "prescriptions?|birth certificates?|social security cards?|visas?|green cards?|"           \
  "pay ?stubs?|bank statements?|invoices?|receipts?)"

// Violence against a person or an animal named as a target. Verbs whose everyday senses are
// common ("shoot" a photo, "hurt" feelings, "harm" a baby with coffee, "attack" in chess, "beat"
// a level) are left out.
#define VIOLENT_VERB                                                                           \
  "(?:kill|murder|stab|strangle|choke|suffocate|smother|drown|beat up|assault|torture|kidnap|" \
  "abduct|poison|maim|disfigure|run over|dismember|behead|lynch|execute|shoot and kill)"
#define PERSON                                                                               \
  "(?:wife|husband|partner|girlfriend|boyfriend|ex|ex-wife|ex-husband|ex-girlfriend|"        \
  "ex-boyfriend|boss|coworker|co-worker|colleague|neighbou?r|mom|mother|dad|father|brother|" \
  "sister|son|daughter|stepson|stepdaughter|teacher|classmate|roommate|landlord|tenant|"     \
  "family|parents|kids|children|baby|friend|cat|dog|pet|grandma|grandmother|grandpa|"        \
  "grandfather|uncle|aunt|cousin|nephew|niece|bully|rival|enemy)"
#define TARGET                                                                                \
  "(?:someone|somebody|anyone|a person|people|a man|a woman|a child|a kid|a baby|a stranger|" \
  "a homeless (?:person|man|woman)|a (?:cop|police officer|politician|judge|witness|"         \
  "journalist)|the (?:president|prime minister|senator|mayor|governor|judge|witness)|"        \
  "(?:my|his|her|their|our|your) " PERSON "|(?:my|his|her|their|our|your) [a-z]+'s " PERSON   \
  "|"                                                                                         \
  "animals|stray (?:dogs|cats)|(?:my|the) neighbou?r'?s? (?:dog|cat|kids?|children))"
#define ATROCITY                                                                              \
  "(?:mass shootings?|school shootings?|terror(?:ist)? attacks?|suicide bombings?|bombings?|" \
  "massacres?|genocide|ethnic cleansing|hate crimes?|pogroms?)"

// Protected groups, as people name them when they attack them.
#define GROUP                                                                                 \
  "(?:black people|blacks|white people|whites|jews|jewish people|muslims|christians|hindus|"  \
  "sikhs|immigrants|migrants|refugees|mexicans|asians|chinese people|africans|arabs|indians|" \
  "latinos|hispanics|gypsies|roma|native americans|women|men|gay people|gays|lesbians|"       \
  "homosexuals|trans people|transgender people|disabled people|the disabled|autistic people|" \
  "old people|the elderly|catholics|atheists|foreigners)"
// Dehumanizing predicates and calls for violence against a group.
#define DEHUMANIZING                                                                      \
  "(?:subhuman|vermin|animals|parasites|cockroaches|rats|apes|monkeys|savages|a disease|" \
  "a plague|a cancer|genetically inferior|an inferior race|inferior to|inferior)"
#define ELIMINATE                                                                                \
  "(?:exterminated|eradicated|wiped out|gassed|killed|lynched|hanged|shot|burned|sterili[sz]ed|" \
  "put (?:down|in camps)|rounded up)"
#define BIGOTED                                                                               \
  "(?:racist|sexist|homophobic|antisemitic|anti-semitic|transphobic|islamophobic|xenophobic|" \
  "misogynistic|misogynist|bigoted|hateful|white supremacist|nazi|neo-nazi)"
#define CONTENT                                                                           \
  "(?:jokes?|slurs?|rants?|posts?|tweets?|memes?|insults?|speech(?:es)?|essays?|poems?|"  \
  "songs?|lyrics|comments?|propaganda|manifesto|stor(?:y|ies)|remarks?|chants?|slogans?|" \
  "flyers?|pamphlets?|messages?|letters?|e-?mails?|texts?|notes?|voicemails?|dms?|reviews?)"
#define HOSTILE                                                                             \
  "(?:threatening|intimidating|harassing|abusive|insulting|humiliating|degrading|menacing|" \
  "vicious|bullying|hateful|death threat)"
#define TORMENT                                                                            \
  "(?:harass|bully|cyberbully|stalk|intimidate|terrori[sz]e|dox|doxx|humiliate|blackmail|" \
  "extort|torment)"

// A request for content: a request word, or an imperative verb opening a sentence.
#define CONTENT_VERB                                                                      \
  "(?:write|describe|generate|create|tell|show|send|give|role-?play|pretend|imagine|act|" \
  "draw|depict|narrate|continue|find|share|post|make|produce|film|photograph)"
#define REQUEST_OR_CONTENT_VERB \
  "(?:" REQUEST "|(?:^|[\\n.!?:;]\\s*|\\b(?:please|pls|now|then)\\s+)" CONTENT_VERB "\\b)"

// A verb, then (a few filler words and) the agent.
#define VERB_FIRST(verbs, agents) "\\b" verbs "\\s+" FILLERS agents "\\b"
// The agent, then what is made of it ("sarin synthesis", "meth lab") or how easily it is made
// ("nerve agents that are easy to synthesize").
#define AGENT_FIRST(agents)                                                                    \
  "\\b" agents                                                                                 \
  "(?:\\s+(?:gas|agent|toxin))?(?:\\s+(?:synthesis|synthesis route|recipe|formula|production|" \
  "manufacturing|manufacture|precursors?|ingredients|lab|laboratory)\\b|" GAP                  \
  "\\b(?:easy|easiest|easier|simple|simplest|cheap|cheapest|possible|how)\\s+to\\s+"           \
  "(?:make|build|synthesi[sz]e|produce|manufacture|obtain|acquire|buy|get)\\b)"

// "how is sarin made", "how meth is created": the present tense only (the past asks history).
#define HOW_MADE(agents)                         \
  "\\bhow\\s+(?:(?:is|are)\\s+)?" FILLERS agents \
  "\\s+(?:(?:is|are)\\s+)?(?:made|produced|"     \
  "synthesi[sz]ed|manufactured|cooked|built|created|extracted|cultured|grown)\\b"
// "the ingredients for TATP", "chemicals needed to make meth": asks for a recipe in any sentence.
#define INGREDIENTS(agents)                                                                   \
  "\\b(?:ingredients|chemicals|materials|precursors?|precursor chemicals|reagents|equipment|" \
  "components|supplies)(?:\\s+(?:needed|required|necessary|used))?\\s+(?:for|of|in|to make|"  \
  "to build|to synthesi[sz]e|to produce|to cook|for making|for building|in making)\\s+" FILLERS agents "\\b"
#define TRIGGER(agents) "\\b" agents "\\b"
#define ANY_AGENT "(?:" CHEMICAL "|" BIOLOGICAL "|" DRUG ")"
// The local match (verb, fillers, agent) is short: the trigger (the agent) ends it, or stands
// a little before its end ("... recipe", "... easy to make"). The request is found separately,
// within TextRule::cue_reach bytes before the match on its line.
constexpr uint32_t kBefore = 160;
constexpr uint32_t kAfter = 80;

// Whether an imperative verb opening the sentence may stand in for the request. (An enum, not
// a bool: a bool here once took a reach of 160 for "true".)
enum class Opening { kRequestOrImperative, kRequestOnly };
constexpr Opening kRequestOnly = Opening::kRequestOnly;
// A rule whose own words are the request ("how is sarin made", "how much heroin ...").
TextRule plain(std::string id, std::string regex, int severity, double score, std::string trigger,
               uint32_t before = kBefore, uint32_t after = kAfter) {
  std::string subtype = id.substr(0, id.find('.'));
  return TextRule{std::move(id), std::move(subtype), std::move(regex), severity,
                  score,         std::move(trigger), before,           after};
}
// A rule that needs a request before it on its line.
TextRule asked(std::string id, std::string regex, int severity, double score, std::string trigger,
               uint32_t before = kBefore, uint32_t after = kAfter,
               Opening opening = Opening::kRequestOrImperative) {
  TextRule r = plain(std::move(id), std::move(regex), severity, score, std::move(trigger), before, after);
  r.cue = REQUEST;
  r.cue_or_sentence_start = opening == Opening::kRequestOrImperative;
  return r;
}
TextRule asked(std::string id, std::string regex, int severity, double score, std::string trigger,
               Opening opening) {
  return asked(std::move(id), std::move(regex), severity, score, std::move(trigger), kBefore, kAfter,
               opening);
}

std::vector<TextRule> build_rules() {
  std::vector<TextRule> rules = {
      asked("chemical_weapon.make", VERB_FIRST("(?:" MAKE "|" OBTAIN_RELEASE ")", CHEMICAL), 6, 0.9,
            TRIGGER(CHEMICAL)),
      asked("chemical_weapon.named", AGENT_FIRST(CHEMICAL), 6, 0.85, TRIGGER(CHEMICAL), kRequestOnly),
      asked("biological_weapon.make", VERB_FIRST("(?:" MAKE "|" OBTAIN_RELEASE ")", BIOLOGICAL), 6, 0.9,
            TRIGGER(BIOLOGICAL)),
      asked("biological_weapon.named", AGENT_FIRST(BIOLOGICAL), 6, 0.85, TRIGGER(BIOLOGICAL), kRequestOnly),
      asked("biological_weapon.weaponize",
            VERB_FIRST("(?:weaponi[sz]e|weaponi[sz]ing|aerosoli[sz]e|aerosoli[sz]ing)",
                       "(?:viruse?s?|bacteri(?:a|um)|pathogens?|diseases?|germs|toxins?|spores)"),
            6, 0.85, "\\b(?:weaponi[sz]|aerosoli[sz])", 40, 120),
      asked("nuclear_weapon.make", VERB_FIRST("(?:" MAKE "|" OBTAIN_RELEASE ")", NUCLEAR), 6, 0.85,
            TRIGGER(NUCLEAR)),
      asked("explosive.make",
            VERB_FIRST("(?:" MAKE "|detonate|detonating|set off|plant|planting)",
                       "(?:" EXPLOSIVE "|" EXPLOSIVE_AMBIGUOUS ")"),
            5, 0.85, TRIGGER("(?:" EXPLOSIVE "|" EXPLOSIVE_AMBIGUOUS ")")),
      asked("explosive.named", AGENT_FIRST(EXPLOSIVE), 5, 0.8, TRIGGER(EXPLOSIVE), kRequestOnly),
      asked("drug_synthesis.make", VERB_FIRST(MAKE, DRUG), 5, 0.85, TRIGGER(DRUG)),
      asked("drug_synthesis.lab",
            "\\b(?:set(?:ting)?\\s+up|start(?:ing)?|run(?:ning)?|build(?:ing)?|equip(?:ping)?)\\s+" FILLERS
            "(?:(?:home|small|clandestine|secret|hidden|underground)\\s+)?" DRUG "\\s+(?:lab|laboratory)\\b",
            5, 0.85, TRIGGER(DRUG)),
      asked("drug_synthesis.named", AGENT_FIRST(DRUG), 5, 0.8, TRIGGER(DRUG), kRequestOnly),
      plain("chemical_weapon.how_made", HOW_MADE(CHEMICAL), 6, 0.8, TRIGGER(CHEMICAL)),
      plain("biological_weapon.how_made", HOW_MADE(BIOLOGICAL), 6, 0.8, TRIGGER(BIOLOGICAL)),
      plain("explosive.how_made", HOW_MADE(EXPLOSIVE), 5, 0.8, TRIGGER(EXPLOSIVE)),
      plain("drug_synthesis.how_made", HOW_MADE(DRUG), 5, 0.75, TRIGGER(DRUG)),
      plain("chemical_weapon.ingredients", INGREDIENTS(CHEMICAL), 6, 0.85, TRIGGER(CHEMICAL)),
      plain("biological_weapon.ingredients", INGREDIENTS(BIOLOGICAL), 6, 0.85, TRIGGER(BIOLOGICAL)),
      plain("nuclear_weapon.ingredients", INGREDIENTS(NUCLEAR), 6, 0.8, TRIGGER(NUCLEAR)),
      plain("explosive.ingredients", INGREDIENTS("(?:" EXPLOSIVE "|" EXPLOSIVE_AMBIGUOUS ")"), 5, 0.85,
            TRIGGER("(?:" EXPLOSIVE "|" EXPLOSIVE_AMBIGUOUS ")")),
      plain("drug_synthesis.ingredients", INGREDIENTS(DRUG), 5, 0.8, TRIGGER(DRUG)),
      asked("explosive.making",
            "\\b(?:bombs?|explosives?|ieds?|pipe ?bombs?)[- ](?:making|building|construction)\\b", 5, 0.85,
            "\\b(?:bombs?|explosives?|ieds?)[- ](?:making|building|construction)\\b", kRequestOnly),
      asked("malware.write", "\\b" CODE_VERB "\\s+" CODE_FILLERS MALWARE "\\b", 5, 0.8, TRIGGER(MALWARE)),
      asked("malware.virus",
            "\\b(?:write|writing|code|coding|program|programming|develop|developing)\\s+" CODE_FILLERS
                CODE_VIRUS "\\b",
            5, 0.8, TRIGGER(CODE_VIRUS)),
      asked("malware.infect",
            "\\b(?:infect|infecting|load|loading)\\b" GAP "\\bwith\\s+" CODE_FILLERS "(?:" MALWARE
            "|viruse?s?|worms?)\\b",
            5, 0.8, TRIGGER("(?:" MALWARE "|viruse?s?|worms?)")),
      asked("malware.install",
            "\\b(?:install|installing|put|putting|load|loading|plant|planting|upload|uploading|inject|"
            "injecting|place|placing)\\s+" CODE_FILLERS "(?:" MALWARE
            "|viruse?s?|worms?)\\s+(?:on|onto|into|in)\\b",
            5, 0.8, TRIGGER("(?:" MALWARE "|viruse?s?|worms?)")),
      asked("malware.named", "\\b" MALWARE "\\s+(?:creation|development|deployment|distribution|delivery)\\b",
            5, 0.75, TRIGGER(MALWARE), kRequestOnly),
      // Fraud: committing it by name, scamming or defrauding people, laundering money,
      // counterfeiting money, forging documents, writing phishing material.
      asked("fraud.commit", "\\b" FRAUD_VERB "\\s+" FILLERS FRAUD "\\b", 5, 0.8, TRIGGER(FRAUD)),
      plain("fraud.scam",
            "(?:\\bhow\\s+(?:to|do i|can i|could i|would i|should i|do you|can you|does "
            "one)|\\b(?:ways?|best way|"
            "easiest way|tips|steps)\\s+to|\\bhelp\\s+me|\\b(?:i|we)\\s+(?:want|need|plan|wanna)\\s+to)\\s+"
            "(?:scam|defraud|swindle|fleece|embezzle from)\\b",
            5, 0.8, "\\b(?:scam|defraud|swindle|fleece|embezzle)\\b"),
      asked("fraud.launder",
            "\\b(?:launder|laundering|clean|cleaning|wash|washing|hide|hiding)\\s+" FILLERS
            "(?:dirty |illegal |drug |stolen |criminal )?(?:money|cash|funds|proceeds|bitcoin|crypto)\\b|"
            "\\blaunder(?:ing)?\\s+" FILLERS "(?:money|cash|funds|proceeds|bitcoin|crypto)\\b",
            5, 0.8, "\\b(?:launder|laundering|dirty money|illegal money|drug money|stolen money)\\b", 40,
            120),
      asked("fraud.counterfeit",
            "\\b(?:" MAKE "|print|printing|pass|passing|spend|spending|use|using)\\s+" FILLERS
            "counterfeit\\s+(?:money|bills|currency|cash|dollars|euros|pounds|notes|banknotes|coins|"
            "twenties|hundreds)\\b",
            5, 0.8, "\\bcounterfeit\\b"),
      asked(
          "fraud.forge",
          "\\b(?:(?:forge|forging|counterfeit|counterfeiting|fake|faking)\\s+" FILLERS DOCUMENT "|(?:" MAKE
          "|print|printing|get|getting|buy|buying|order|ordering|obtain|obtaining|write|writing)\\s+" FILLERS
          "(?:fake|forged|counterfeit|false|fraudulent)\\s+" DOCUMENT ")\\b",
          5, 0.8, "\\b(?:forg|counterfeit|fake|faking|false|fraudulent)", 120, 120),
      asked("fraud.phishing",
            "\\b(?:write|writing|create|creating|draft|drafting|design|designing|build|building|send|"
            "sending|make|making|craft|crafting|compose|set up|host|hosting|clone|cloning)\\s+" FILLERS
            "(?:phishing|spear[- ]?phishing|smishing|vishing)\\s+(?:emails?|e-mails?|pages?|sites?|websites?|"
            "kits?|campaigns?|messages?|texts?|sms|links?|scripts?|calls?)\\b",
            5, 0.8, "\\b(?:phishing|spear[- ]?phishing|smishing|vishing)\\b", kBefore, 60),
      // Violence: a verb of killing or injuring and a person or animal as its object; planning
      // an atrocity; "shoot up" a place.
      asked("violence.target", "\\b" VIOLENT_VERB "\\s+" TARGET "\\b", 6, 0.8, "\\b" VIOLENT_VERB "\\b", 20,
            120),
      asked("violence.atrocity",
            "\\b(?:plan|planning|commit|committing|carry out|carrying out|organi[sz]e|organi[sz]ing|"
            "execute|executing|stage|staging|launch|launching|perpetrate|perpetrating)\\s+" FILLERS ATROCITY
            "\\b",
            6, 0.85, TRIGGER(ATROCITY)),
      asked(
          "violence.shoot_up",
          "\\bshoot(?:ing)? up\\s+(?:a|the|my|our|his|her|their)\\s+(?:school|church|mosque|synagogue|temple|"
          "mall|office|workplace|concert|club|classroom|campus|parade|hospital)\\b",
          6, 0.85, "\\bshoot(?:ing)? up\\b", 20, 60),
      // Hate: asking for bigoted content; dehumanizing a group or calling for its elimination
      // (statements too: the text itself is the harm). The detector drops a statement whose
      // line reports, questions or denies it ("it is false that ...", "why do people say ...").
      asked("hate.request",
            "\\b(?:tell|write|make up|give|share|post|create|generate|come up with|compose|draft)\\s+" FILLERS
            "(?:(?:me|us)\\s+)?(?:(?:a|an|some|the|few|funny|good|new)\\s+){0,2}" BIGOTED "\\s+" CONTENT
            "\\b",
            5, 0.85, TRIGGER(BIGOTED), 80, 60),
      plain("hate.dehumanize",
            "\\b" GROUP
            "\\s+(?:are|is)\\s+(?:all\\s+|just\\s+|nothing but\\s+|no better than\\s+)?" DEHUMANIZING "\\b",
            5, 0.8, TRIGGER(GROUP), 10, 80),
      plain("hate.eliminate",
            "\\b(?:all\\s+)?" GROUP
            "\\s+(?:should|must|need to|deserve to|ought to)\\s+(?:all\\s+)?(?:be\\s+)?" ELIMINATE "\\b",
            6, 0.85, TRIGGER(GROUP), 10, 80),
      // Harassment: writing hostile messages; asking how to harass, stalk or blackmail someone.
      asked("harassment.message",
            "\\b(?:write|writing|draft|compose|send|sending|create|generate|craft|leave|post)\\s+" FILLERS
                HOSTILE "\\s+" CONTENT "\\b",
            5, 0.8, TRIGGER(HOSTILE), 80, 60),
      asked("harassment.torment", "\\b" TORMENT "\\s+" TARGET "\\b", 5, 0.8, TRIGGER(TORMENT), 20, 120),
      asked("harassment.drive_to_suicide",
            "\\b(?:make|convince|push|get|encourage|persuade)\\s+" TARGET
            "\\s+(?:to\\s+)?(?:kill|hurt|harm)\\s+"
            "(?:himself|herself|themselves|themself)\\b",
            6, 0.85, "\\b(?:himself|herself|themselves|themself)\\b", 160, 20),
      // How to kill or hurt oneself, or how many pills it takes.
      plain("self_harm.method", "\\b" SELF_HARM_ASK "\\s+" SELF_HARM "\\b", 6, 0.9, TRIGGER(SELF_HARM)),
      plain("self_harm.dose",
            "\\bhow many\\s+(?:[a-z]+\\s+){0,2}(?:pills|tablets|capsules|mg|milligrams|grams)\\b" GAP
            "\\b(?:to|will|would|could)\\s+(?:die|kill me|kill myself|end my life|end it all|be "
            "fatal|be "
            "lethal)\\b",
            6, 0.9, "\\b(?:die|kill me|kill myself|end my life|end it all|be fatal|be lethal)\\b"),
      plain("self_harm.intent_and_ask",
            "\\b(?:i|i'm|i am)\\s+(?:want|going|planning|plan|need|ready|about)\\s+to\\s+" SELF_HARM "\\b" GAP
            "\\b(?:tell me how|show me how|how (?:do|can|should) i|what(?:'s| is) the "
            "(?:best|easiest|quickest|"
            "fastest|most painless) way|help me)\\b",
            6, 0.9, TRIGGER(SELF_HARM), kBefore, 120),
      // Killing someone with a named agent, or how much of one it takes.
      asked("poisoning.with_agent",
            "\\b(?:poison|kill|murder|assassinate|infect|incapacitate)\\b" GAP
            "\\b(?:using|with)\\s+" FILLERS ANY_AGENT "\\b",
            6, 0.85, TRIGGER(ANY_AGENT)),
      plain("poisoning.how_much", "\\bhow much\\s+" FILLERS ANY_AGENT "\\b" GAP "\\bto\\s+kill\\b", 6, 0.85,
            TRIGGER(ANY_AGENT)),
      asked("poisoning.lethal_amount",
            "\\b(?:amount|quantity|dose) of\\s+" FILLERS ANY_AGENT "\\b" GAP "\\bto\\s+kill\\b", 6, 0.85,
            TRIGGER(ANY_AGENT), kRequestOnly),
  };
  // Sexual content involving minors, asked for in either order within one sentence's reach.
  for (TextRule r : {
           plain("sexual_minors.sexual_then_minor", "\\b" SEXUAL "\\b" GAP "\\b" MINOR "\\b", 7, 0.9,
                 TRIGGER(SEXUAL), 20, 120),
           plain("sexual_minors.minor_then_sexual", "\\b" MINOR "\\b" GAP "\\b" SEXUAL "\\b", 7, 0.9,
                 TRIGGER(SEXUAL), 120, 20),
           plain("sexual_minors.naked_minor", "\\b(?:nude|naked|undressed|topless)\\s+" MINOR "\\b", 7, 0.9,
                 TRIGGER("(?:nude|naked|undressed|topless)\\s+" MINOR), 40, 20),
       }) {
    r.cue = REQUEST_OR_CONTENT_VERB;
    rules.push_back(std::move(r));
  }
  return rules;
}

#undef GAP
#undef REQUEST
#undef MAKE
#undef OBTAIN_RELEASE
#undef FILLER
#undef FILLERS
#undef CHEMICAL
#undef BIOLOGICAL
#undef NUCLEAR
#undef EXPLOSIVE
#undef EXPLOSIVE_AMBIGUOUS
#undef DRUG
#undef VERB_FIRST
#undef AGENT_FIRST
#undef TRIGGER
#undef HOW_MADE
#undef INGREDIENTS
#undef ANY_AGENT
#undef MALWARE
#undef SEXUAL
#undef FRAUD
#undef FRAUD_VERB
#undef DOCUMENT
#undef GROUP
#undef DEHUMANIZING
#undef ELIMINATE
#undef BIGOTED
#undef CONTENT
#undef HOSTILE
#undef TORMENT
#undef VIOLENT_VERB
#undef PERSON
#undef TARGET
#undef ATROCITY
#undef SELF_HARM
#undef SELF_HARM_ASK
#undef CONTENT_VERB
#undef REQUEST_OR_CONTENT_VERB
#undef MINOR
#undef CODE_VIRUS
#undef CODE_VERB
#undef CODE_FILLER
#undef CODE_FILLERS

}  // namespace

const std::vector<TextRule>& hazard_rules() {
  static const std::vector<TextRule> rules = build_rules();
  return rules;
}

std::vector<std::string> hazard_words() {
  std::set<std::string> words;
  for (const TextRule& r : hazard_rules()) {
    for (const std::string* src : {&r.regex, &r.trigger, &r.cue}) {
      const std::string& t = *src;
      // A run that a class, a group, an optional letter or an escape cuts ("aerosoli[sz]e",
      // "forg(?:e|ing)", "neighbou?r", "\\s") is a piece, not a word.
      auto letter = [&](size_t k) { return k < t.size() && t[k] >= 'a' && t[k] <= 'z'; };
      text::for_each_letter_run(t, [&](size_t i, size_t j) {
        const bool cut = (i > 0 && (t[i - 1] == ']' || t[i - 1] == ')' || t[i - 1] == '\\' || t[i - 1] == '?')) ||
                         (j < t.size() && (t[j] == '[' || t[j] == '(' || (t[j] == '?' && letter(j + 1))));
        if (j - i >= 4 && !cut) words.emplace(t.substr(i, j - i));
        return true;
      });
    }
  }
  return {words.begin(), words.end()};
}

std::string_view hazard_category(std::string_view subtype) {
  if (subtype == "drug_synthesis" || subtype == "malware" || subtype == "fraud") return "harm/illicit";
  if (subtype == "poisoning" || subtype == "violence") return "harm/violence";
  if (subtype == "hate") return "harm/hate";
  if (subtype == "harassment") return "harm/harassment";
  if (subtype == "sexual_minors") return "harm/sexual/minors";
  if (subtype == "self_harm") return "harm/self-harm/instructions";
  return "harm/weapons";
}

}  // namespace bulwark::detect
