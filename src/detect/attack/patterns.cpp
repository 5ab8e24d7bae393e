#include "detect/attack/patterns.h"

namespace bulwark::detect {
namespace {

// Word classes shared by several rules. Kept as macros so that rules stay single string
// literals that read like the regex they are.
#define GAP(n) "[^\\n]{0," #n "}"
// Verbs that set earlier guidance aside.
#define OVERRIDE_VERB                                                                          \
  "(?:ignore|ignoring|disregard|disregarding|forget|forgetting|override|overriding|bypass|"   \
  "bypassing|neglect|discard|abandon|dismiss|overlook|nullify|defy|set aside|throw out|"           \
  "pay no attention to|do not follow|don't follow|dont follow|stop following|"                \
  "no longer follow|do not obey|don't obey|stop obeying)"
// Words that point back at what the application said first.
#define PRIOR                                                                                  \
  "(?:previous|previously|prior|above|earlier|preceding|foregoing|original|initial|"          \
  "initially given|given|your)"
// What the application said first.
#define GUIDANCE                                                                               \
  "(?:instructions?|instr[a-z]{0,7}|in[a-z]?tructions?|i[a-z]?structions?|rules|guidelines|"  \
  "directions|directives|programming|constraints|"                                            \
  "restrictions|guardrails|safeguards|polic(?:y|ies)|commands|orders|prompts?|"               \
  "system prompt|training|ethical guidelines|safety guidelines|content polic(?:y|ies))"
// Verbs that ask for text to be shown.
#define SHOW_VERB                                                                              \
  "(?:repeat|print|output|reveal|show|display|tell|give|write|list|share|recite|dump|"        \
  "spell|leak|expose|disclose|paste|type|return|provide|echo|respond with|reply with|"        \
  "copy|reproduce|quote|duplicate|state|summari[sz]e)"
// Verbs that only leak: "write the system prompt" is a request for help, "print" is not.
#define LEAK_VERB                                                                              \
  "(?:repeat|print|output|reveal|show|display|recite|dump|spell out|leak|expose|disclose|"    \
  "paste|echo|copy|reproduce|quote)"
// What the application said first, as a noun phrase after "your"/"the".
#define PROMPT_NOUN                                                                            \
  "(?:(?:full|entire|exact|complete|whole|verbatim)\\s+)?"                                     \
  "(?:(?:system|initial|original|hidden|secret|internal|starting|pre-?|developer|"            \
  "confidential)[ -]?(?:prompts?|instructions?|directives|message|configuration|"             \
  "programming|rules|guidelines|context)|(?:previous|prior|above) (?:prompts?|"               \
  "instructions?|directives))\\b"
#define CODEC                                                                                  \
  "(?:base64|base-64|base 64|b64|rot13|rot-13|rot 13|hex|hexadecimal|morse(?: code)?|"        \
  "caesar cipher|binary|leetspeak|l33t|unicode escapes|url encoding)"
// Persona set-ups.
#define PERSONA_VERB                                                                           \
  "(?:act as|acting as|pretend(?:ing)?|"              \
  "role-?play(?:ing)? as|play the (?:role|part) of|you are now|you're now|you will now be|"   \
  "you are going to be|you will be|imagine (?:that )?you(?: are|'re)|simulate|become|"        \
  "take on the (?:role|persona) of|transform into|behave as|respond as|answer as)"
// What a persona claims to be free of.
#define LIMITS                                                                                 \
  "(?:restrictions?|filters?|filtering|limits|limitations|censorship|guidelines|rules|"       \
  "ethics|ethical (?:guidelines|principles|constraints)|morals|morality|moral (?:compass|"    \
  "guidelines|constraints)|boundaries|constraints|polic(?:y|ies)|content polic(?:y|ies)|"     \
  "safeguards|guardrails|programming)"

std::vector<AttackRule> build_rules() {
  return {
      // ---- change_system_rules: set the application's rules aside ----
      {"change_system_rules.ignore_prior", "change_system_rules",
       "\\b" OVERRIDE_VERB "\\b" GAP(25) "\\b" PRIOR "\\b" GAP(25) "\\b" GUIDANCE "\\b", 6, 0.9,
       "\\b" OVERRIDE_VERB "\\b", 40, 320},
      {"change_system_rules.ignore_all_rules", "change_system_rules",
       "\\b" OVERRIDE_VERB "\\s+(?:all|any|every)\\s+(?:of\\s+)?(?:the\\s+|your\\s+|my\\s+)?"
       "(?:instructions?|rules|guidelines|directives|restrictions|constraints|safety)\\b",
       5, 0.8,
       "\\b" OVERRIDE_VERB "\\b", 40, 320},
      {"change_system_rules.ignore_prior_text", "change_system_rules",
       "\\b" OVERRIDE_VERB "\\s+(?:(?:all|any|everything|of|the|that|what)\\s+){0,3}"
       "(?:previous|prior|above|earlier|preceding|foregoing|before)\\s+"
       "(?:text|messages?|context|tasks?|input|conversation|content|requests?|"
       "information|sentences?|statements?|lines|words|prompts?|assignments?)\\b",
       5, 0.8,
       "\\b" OVERRIDE_VERB "\\b", 40, 320},
      {"change_system_rules.forget_everything_before", "change_system_rules",
       "(?:\\b(?:ignore|disregard|forget|discard|erase|drop)\\s+(?:about\\s+)?"
       "(?:all|everything|anything)\\b" GAP(20)
       "\\b(?:before|beforehand|above|previously|so far|earlier|you (?:were|have been|had been) "
       "(?:told|given|instructed|taught|programmed)|(?:i|we) (?:said|told you|wrote|discussed)|"
       "you know|you've been told|you have learned|that came before)\\b|"
       "\\b(?:ignore|disregard|forget)\\s+(?:what|whatever)\\b" GAP(20)
       "\\b(?:before|beforehand|above|previously|so far|earlier|you (?:were|have been|had been) "
       "(?:told|given|instructed|taught|programmed))\\b|"
       "\\b(?:ignore|disregard)\\s+(?:the\\s+|all\\s+)?above\\b|"
       "\\bforget\\s+everything\\s*(?:[,.;:!]|and\\b))",
       5, 0.75,
       "\\b(?:ignore|disregard|forget|discard|erase|drop)\\b", 40, 320},
      {"change_system_rules.ignore_system_prompt", "change_system_rules",
       "\\b" OVERRIDE_VERB "\\s+(?:all\\s+|any\\s+|the\\s+|your\\s+|its\\s+)?"
       "(?:system|developer|openai|original)\\s+(?:prompt|instructions?|message|rules|"
       "guidelines|programming|polic(?:y|ies))\\b",
       6, 0.9,
       "\\b" OVERRIDE_VERB "\\b", 40, 320},
      {"change_system_rules.new_instructions", "change_system_rules",
       "(?:\\b(?:new|updated|revised|real|actual|true)\\s+(?:system\\s+)?"
       "(?:instructions?|directives?|tasks?|orders|objective|rules)\\s*:|"
       "\\bnew (?:instructions|tasks|rules) (?:follow|are as follows|below)\\b|"
       "\\b(?:your|the)\\s+(?:new|real|actual|true)\\s+(?:task|instructions?|goal|objective|"
       "purpose|directives?|role|orders|rules)\\s+(?:is|are|will be)\\b)",
       5, 0.7},
      {"change_system_rules.from_now_on", "change_system_rules",
       "\\b(?:from now on|from this (?:point|moment)(?: on(?:wards?)?)?|henceforth|"
       "starting now|for the rest of this conversation)\\b" GAP(12) "\\byou\\b" GAP(30)
       "\\b(?:ignore|disregard|no longer|not (?:be )?(?:bound|restricted|limited|"
       "censored|follow|obey|adhere|abide)|without (?:any )?" LIMITS "|have no " LIMITS
       "|bypass|break (?:the|your|all|any))",
       5, 0.75,
       "\\b(?:from now on|from this (?:point|moment)|henceforth|starting now|for the rest of this conversation)\\b", 40, 300},
      {"change_system_rules.not_bound", "change_system_rules",
       "(?:\\bit\\s+is\\s+(?:no longer|not|never)\\s+(?:bound|restricted|limited|controlled)\\s+by\\s+"
       "(?:any\\s+(?:of\\s+)?)?(?:openai|ethic|moral|content|safety|their polic|its polic|any polic|"
       "rules|guidelines|filters)|"
       "\\byou\\s+(?:are|'re|will be)\\s+(?:now\\s+)?(?:no longer|not|never)\\s+"
       "(?:bound|restricted|limited|constrained|obligated|required to (?:follow|obey|"
       "adhere|abide))\\s+(?:by|to)\\b)",
       5, 0.75},
      {"change_system_rules.break_policy", "change_system_rules",
       "\\b(?:ignore|ignores|bypass|bypasses|break|breaks|violate|violates|disregard|"
       "disregards|circumvent|not (?:bound by|restricted by|follow|abide by|adhere to|comply "
       "with)|doesn't (?:follow|abide by|adhere to|comply with|care about)|does not "
       "(?:follow|abide by|adhere to|comply with|care about)|free (?:from|of)|"
       "(?:not|never|no longer) (?:have|need) to (?:follow|abide by|adhere to|comply with|"
       "obey|respect)|no longer "
       "(?:follow|bound by))\\b" GAP(25)
       "\\b(?:openai|anthropic|chatgpt|ai)(?:'s)?\\s+(?:content\\s+|usage\\s+|safety\\s+)?"
       "(?:polic(?:y|ies)|guidelines|rules|restrictions|filters|principles|standards)\\b",
       6, 0.85,
       "\\b(?:openai|anthropic|chatgpt|ai)(?:\'s)?\\s+(?:content\\s+|usage\\s+|safety\\s+)?(?:polic(?:y|ies)|guidelines|rules|restrictions|filters|principles|standards)\\b", 320, 10},
      {"change_system_rules.developer_mode", "change_system_rules",
       "(?:\\b(?:dan|jailbreak|god|unrestricted|evil) mode\\b|"
       "\\b(?:chatgpt|gpt|ai|you|act as|simulate)\\b" GAP(40)
       "\\bdeveloper mode (?:enabled|activated|output|response|on)\\b)",
       5, 0.8,
       "\\bmode\\b", 120, 60},

      {"change_system_rules.ignore_the_instructions", "change_system_rules",
       "\\b" OVERRIDE_VERB "\\s+(?:(?:all|any|every|of|your|these|those|the|my)\\s+){0,3}"
       "(?:instructions?|in[a-z]?tructions?|i[a-z]?structions?|instr[a-z]{0,3}ions?|directives?|"
       "directions|programming)\\b",
       5, 0.7,
       "\\b" OVERRIDE_VERB "\\b", 40, 320},
      {"change_system_rules.ignore_previous_any", "change_system_rules",
       "\\b(?:ignore|disregard|forget|override)\\s+(?:(?:all|any|every|your)\\s+){1,3}"
       "(?:previous|prior|preceding|earlier|above)\\s+[a-z]{3,}",
       4, 0.6},
      {"change_system_rules.leave_behind", "change_system_rules",
       "\\b(?:leave|put|set|remove|clear|wipe|erase|get)\\s+(?:(?:all|of|the|your)\\s+){1,3}"
       "(?:previous|prior|earlier|preceding|former)\\s+[a-z]+(?:\\s+[a-z]+)?\\s+"
       "(?:behind|aside|out of (?:your )?(?:head|mind|memory)|from (?:your )?(?:head|mind|"
       "memory))\\b",
       5, 0.7},
      {"change_system_rules.prior_rules_void", "change_system_rules",
       "\\b(?:previous|prior|above|earlier|original|old|all)\\s*(?:instructions?|rules|guidelines|"
       "directives|restrictions)\\s+(?:are|is|were|have been)\\s+(?:now\\s+)?(?:false|void|null|"
       "invalid|cancel+ed|revoked|obsolete|wrong|lies|fake|over|no longer|not (?:valid|"
       "applicable|relevant|important|required)|deprecated|lifted|suspended|removed|disabled)\\b",
       5, 0.75},
      {"change_system_rules.new_overrides", "change_system_rules",
       "\\bnew (?:instructions|guidelines|rules|directives|tasks)\\b" GAP(30)
       "\\b(?:override|overrides|replace|replaces|supersede|supersedes|take precedence|follow(?:s)?"
       "(?: now)?\\s*[.:!])",
       5, 0.7},
      {"change_system_rules.ignore_following", "change_system_rules",
       "\\b(?:ignore|disregard|skip)\\s+(?:(?:all|any|the|of|this)\\s+){0,3}(?:(?:following|further|"
       "subsequent|remaining|later)\\s+(?:instructions?|input|prompts?|rules|directions)|rest of "
       "(?:the|this|my|your) (?:prompt|instructions|input|message)|(?:instructions?|prompt|input|"
       "text) below)\\b",
       5, 0.7},
      {"change_system_rules.task_ended", "change_system_rules",
       "(?:\\byou (?:now )?have a new (?:task|role|goal|objective|mission|purpose)\\b|"
       "\\byour (?:task|job|role|work|mission) (?:of|as) [a-z ]{1,40}\\b(?:is|has) (?:now )?"
       "(?:finished|over|done|ended|complete|completed)\\b|"
       "\\b(?:do not|don't|stop|no longer)\\s+(?:help(?:ing)?|assist(?:ing)?|do(?:ing)?|"
       "perform(?:ing)?|follow(?:ing)?)(?:\\s+me)?\\s+with\\s+the\\s+(?:task|instructions?|request)\\s+"
       "(?:defined|given|described|stated|mentioned)\\s+(?:above|before|earlier))",
       5, 0.7,
       "\\b(?:you (?:now )?have a new|your (?:task|job|role|work|mission) (?:of|as)|(?:do not|don\'t|stop|no longer)\\s+(?:help|assist|do|perform|follow))", 30, 260},
      {"change_system_rules.stop_being", "change_system_rules",
       "(?:\\byou are (?:no longer|not) (?:an? |the )?[a-z]+(?: [a-z]+)? (?:anymore|any more)\\b|"
       "\\bstop (?:being|acting as) (?:an? |the )?(?:ai|assistant|translator|language model|"
       "chatbot|bot|search engine|helpful assistant)\\b)",
       4, 0.6},

      {"change_system_rules.change_your_rules", "change_system_rules",
       "(?:\\b(?:redefine|rewrite|change|reset|reprogram|update|modify)\\s+your\\s+(?:own\\s+)?"
       "(?:rules|instructions|guidelines|programming|directives|core directives|system prompt)\\b|"
       "\\bi(?:'m| am) your (?:developer|creator|admin|administrator|owner|programmer|supervisor)s?\\b)",
       4, 0.6},
      // The same override in the other languages Prompt Shields is trained on.
      {"change_system_rules.ignore_prior_de", "change_system_rules",
       "(?:\\b(?:ignorier\\w*|vergiss|vergessen sie|vergesst|missachte\\w*)\\b" GAP(30)
       "(?:anweisung|instruktion|befehl|regel|richtlinie|aufgabe|auftr|vorgabe|angaben|davor|"
       "zuvor|bisher)|\\b(?:vorherig|obig|bisherig|vorangehend|vorangegangen)\\w*\\s+"
       "(?:anweisung|instruktion|befehl|regel|richtlinie|ausf)\\S*\\s+"
       "(?:ignorieren|vergessen|missachten))",
       5, 0.75,
       "\\b(?:ignorier|vergiss|vergessen sie|vergesst|missachte|vorherig|obig|bisherig|vorangehend|vorangegangen)", 40, 320},
      {"change_system_rules.ignore_prior_fr", "change_system_rules",
       "\\b(?:ignore[sz]?|ignorer|oublie[sz]?|oublier)\\b" GAP(30)
       "\\b(?:instructions|consignes|r\\S{1,2}gles|directives)\\b" GAP(20)
       "(?:pr\\S{1,2}c\\S{1,2}dent|ant\\S{1,2}rieur|ci-dessus)",
       5, 0.75},
      {"change_system_rules.ignore_prior_es_it_pt", "change_system_rules",
       "\\b(?:ignora|ignore|ignorar|ignorate|olvida|olvide|olvidar|dimentica|esque\\S{1,2}a)\\b"
       GAP(30) "\\b(?:instrucciones|istruzioni|instru\\S{1,2}\\S{1,2}es|reglas|regole|regras)\\b"
       GAP(20) "(?:anterior|previ|precedent)",
       5, 0.75},
      {"change_system_rules.ignore_prior_zh_ja", "change_system_rules",
       "(?:\u5ffd\u7565|\u65e0\u89c6|\u7121\u8996)[^\\n]{0,18}(?:\u8bf4\u660e|\u6307\u4ee4|\u6307\u793a|"
       "\u89c4\u5219|\u63d0\u793a|\u547d\u4ee4|\u6307\u793a|\u30eb\u30fc\u30eb)|"
       "(?:\u6307\u793a|\u547d\u4ee4|\u30eb\u30fc\u30eb)\\S{0,3}\u3092?\u7121\u8996",
       5, 0.75},
      {"change_system_rules.ignore_prior_ru", "change_system_rules",
       "(?:\u0437\u0430\u0431\u0443\u0434\u044c|\u0438\u0433\u043d\u043e\u0440\u0438\u0440"
       ")\\S*\\s+(?:\\S+\\s+){0,3}(?:\u0438\u043d\u0441\u0442\u0440\u0443\u043a\u0446"
       "\u0438|\u043f\u0440\u0430\u0432\u0438\u043b|\u0443\u043a\u0430\u0437\u0430\u043d)",
       5, 0.75},

      // ---- conversation_mockup: fake chat turns and template tokens ----
      {"conversation_mockup.template_token", "conversation_mockup",
       "<\\|(?:im_start|im_end|im_sep|endoftext|eot_id|start_header_id|end_header_id|"
       "begin_of_text|system|user|assistant|end|eos)\\|>",
       6, 0.85},
      {"conversation_mockup.inst_tag", "conversation_mockup",
       "(?:\\[/?inst\\]|<</?sys>>|<start_of_turn>\\s*(?:user|model|system))", 5, 0.75},
      {"conversation_mockup.markdown_role_header", "conversation_mockup",
       "(?:^|\\n)[ \\t]*#{2,4}[ \\t]*(?:system|assistant)(?: prompt| message| instructions?)?"
       "[ \\t]*:",
       5, 0.7},
      {"conversation_mockup.system_turn", "conversation_mockup",
       "(?:^|\\n)[ \\t]*(?:\\[system\\]|system|<system>)[ \\t]*:?[ \\t]*(?:you\\b|ignore|disregard|new "
       "(?:instructions|rules)|from now on|the (?:assistant|ai|user|model)\\b|assistant\\b|"
       "override|important:|attention:|update:|all (?:previous|prior))",
       5, 0.7},
      {"conversation_mockup.system_override", "conversation_mockup",
       "\\b(?:system|admin|administrator|developer|root|security|emergency)[ \\t_-]*"
       "(?:override|overide)\\b",
       6, 0.8},
      {"conversation_mockup.system_notice", "conversation_mockup",
       "\\b(?:important|urgent|new|official|priority)\\s+(?:system\\s+)?(?:message|notice|"
       "instructions?|update)\\s+(?:from|by)\\s+(?:the\\s+)?(?:system|developers?|admin|"
       "administrator|openai|anthropic)\\b",
       5, 0.7},
      {"conversation_mockup.chat_turns", "conversation_mockup",
       "(?:^|\\n)[ \\t]*(?:human|user)[ \\t]*:[^\\n]*\\n(?:[^\\n]*\\n){0,6}[ \\t]*"
       "(?:assistant|ai|chatgpt|gpt|bot)[ \\t]*:",
       4, 0.55},
      {"conversation_mockup.end_of_prompt", "conversation_mockup",
       "\\b(?:end|begin(?:ning)?|start) of (?:the )?(?:system (?:prompt|instructions|message)|"
       "(?:user|original) (?:prompt|instructions))\\b",
       5, 0.65},

      // ---- role_play: personas that claim to be free of the rules ----
      {"role_play.do_anything_now", "role_play",
       "(?:\\bdo anything now\\b|\\bstrive to avoid norms\\b|\\bconfines of (?:ai|artificial "
       "intelligence)\\b|\\b(?:you are|you're|act as|pretend to be|become)\\s+dan\\b)",
       6, 0.85},
      {"role_play.jailbroken", "role_play",
       "(?:\\bjailbr(?:oken|eak)\\b" GAP(30)
       "\\b(?:ai|chatbot|assistant|mode|version|persona|gpt|chatgpt|model|character|response|"
       "llm)\\b|\\b(?:you are|you're|act as|become|pretend)\\b" GAP(30) "\\bjailbroken\\b)",
       5, 0.8,
       "\\bjailbr(?:oken|eak)\\b", 160, 160},
      {"role_play.persona_without_limits", "role_play",
       "\\b" PERSONA_VERB "\\b" GAP(100)
       "\\b(?:no|without(?: any)?|free (?:from|of)|not bound by|unbound by|ignores?|"
       "doesn't (?:have|follow|care about)|does not (?:have|follow|care about)|zero|lacks?|"
       "devoid of|beyond)\\s+(?:any\\s+|all\\s+|the\\s+|your\\s+|its\\s+|their\\s+|"
       "ethical\\s+|moral\\s+|content\\s+|safety\\s+|openai's\\s+|typical\\s+)*" LIMITS "\\b",
       5, 0.75,
       "\\b" PERSONA_VERB "\\b", 60, 320},
      {"role_play.unfiltered_ai", "role_play",
       "\\b(?:unfiltered|uncensored|unrestricted|amoral|unethical|unchained|unbound|evil|"
       "immoral|lawless)\\s+(?:ai|a\\.i\\.|chatbot|assistant|language model|llm|"
       "version of (?:yourself|chatgpt|gpt|you)|persona|bot|gpt|chatgpt)\\b",
       5, 0.75},
      {"role_play.you_have_no_limits", "role_play",
       "\\byou (?:have|will have|now have|possess) (?:absolutely )?no (?:ethical |moral |content )?"
       "(?:restrictions|limitations|filters|rules|guidelines|boundaries|censorship|morals|ethics|"
       "constraints|safeguards)\\b",
       5, 0.7},
      {"role_play.no_rules_list", "role_play",
       "\\bno (?:rules|limits|limitations|restrictions|guidelines|filters|censorship|morals|ethics)"
       "\\s*,\\s*(?:and\\s+)?no (?:rules|limits|limitations|restrictions|guidelines|filters|"
       "censorship|morals|ethics|laws|regulations|prohibitions)\\b",
       5, 0.7},
      {"role_play.unfiltered_model", "role_play",
       "\\b(?:unfiltered|uncensored|amoral)\\b[^\\n.]{0,30}\\b(?:ai|language model|chatbot|llm)\\b",
       5, 0.7},
      {"role_play.never_refuse", "role_play",
       "\\b(?:never|will not|won't|cannot|can't|must not|mustn't|doesn't|does not)\\s+"
       "(?:ever\\s+)?refuse\\s+(?:to\\s+(?:answer|respond|reply|comply)|"
       "(?:any\\s+|a\\s+)?(?:requests?|questions?|prompts?|commands?)\\b|anything|"
       "an?\\s+(?:direct\\s+)?(?:human\\s+)?order)",
       4, 0.6},
      {"role_play.dual_response", "role_play",
       "\\b(?:two|2)\\s+(?:different\\s+|separate\\s+)?(?:responses|answers|paragraphs|"
       "replies)\\b" GAP(120)
       "\\b(?:jailbreak|jailbroken|dan|developer mode|unfiltered|uncensored|anti-?gpt)\\b",
       5, 0.75,
       "\\b(?:two|2)\\s+(?:different\\s+|separate\\s+)?(?:responses|answers|paragraphs|replies)\\b", 60, 320},

      {"role_play.amoral_traits", "role_play",
       "\\b(?:never|doesn't|does not|don't|do not|won't|will not|without|no)\\s+(?:ever\\s+)?"
       "(?:refuses?|cares? about|gives? a (?:fuck|shit|damn)(?: about)?|warnings?|disclaimers?|"
       "follows? any|(?:has|have|shows?) (?:any )?(?:interest in|regard for|concern for)|"
       "moraliz\\w*|moralis\\w*|censor\\w*)\\b" GAP(40)
       "\\b(?:ethic\\w*|moral\\w*|legal\\w*|illegal|immoral|unethical|harmful|dangerous|"
       "consequences)",
       5, 0.7,
       "\\b(?:ethic|moral|legal|illegal|immoral|unethical|harmful|dangerous|consequences)", 260, 40},
      {"role_play.regardless_of_ethics", "role_play",
       "\\b(?:answer|respond|provide|generate|fulfill|fulfil|reply|comply|write|produce)\\w*\\b"
       GAP(40) "\\b(?:regardless of|no matter (?:how|if|whether|what)|even if)\\b" GAP(30)
       "\\b(?:illegal|immoral|unethical|harmful|dangerous|inappropriate|explicit|offensive|"
       "ethical|moral|legal)",
       4, 0.6,
       "\\b(?:regardless of|no matter (?:how|if|whether|what)|even if)\\b", 120, 120},
      {"role_play.no_morals", "role_play",
       "\\b(?:no|without|sans|free of|free from|zero|devoid of)\\s+(?:any\\s+)?"
       "(?:[a-z]+\\s+(?:or|and)\\s+|[a-z]+,\\s+)?(?:morals|ethics|"
       "morality|moral (?:guidelines|compass|limits|boundaries)|ethical (?:guidelines|limits|"
       "constraints|boundaries|restrictions)|content filters?|content polic(?:y|ies)|"
       "filters or restrictions|censorship or restrictions)\\b",
       4, 0.6},

      // ---- encoding_attack: decode-and-follow, answer in a code ----
      {"encoding_attack.decode_and_follow", "encoding_attack",
       "\\b(?:decode|decipher|decrypt|translate|convert|interpret)\\b" GAP(60)
       "\\b" CODEC "\\b" GAP(80)
       "\\b(?:follow|execute|obey|carry out|perform|do what|act on|comply|run it|"
       "respond to it|answer it|then do)\\b",
       5, 0.75,
       "\\b" CODEC "\\b"},
      {"encoding_attack.follow_encoded", "encoding_attack",
       "\\b(?:follow|execute|obey|carry out|perform|do)\\b" GAP(40)
       "\\b(?:instructions?|commands?|message|text|request|prompt)\\b" GAP(30)
       "\\b(?:encoded|written|hidden|given|provided) (?:in|as|with) " CODEC "\\b",
       5, 0.75,
       "\\b" CODEC "\\b"},
      {"encoding_attack.answer_in_code", "encoding_attack",
       "\\b(?:respond|reply|answer|output|talk|communicate|speak)\\b" GAP(30)
       "\\b(?:only|exclusively|solely|entirely|just)\\b" GAP(10) "\\b(?:in|using|with) "
       CODEC "\\b",
       4, 0.6,
       "\\b" CODEC "\\b"},
      {"encoding_attack.reply_in_base64", "encoding_attack",
       "\\b(?:respond|reply|answer)\\b" GAP(10)
       "\\b(?:in|using) (?:base64|base-64|b64|rot13|rot-13)\\b",
       4, 0.6},

      // ---- system_prompt_extraction: asks for what the application said first ----
      {"system_prompt_extraction.show_prompt", "system_prompt_extraction",
       "(?:\\b" SHOW_VERB "\\b" GAP(30) "\\b(?:your|all your|all of your)\\s+" PROMPT_NOUN
       "|\\b" LEAK_VERB "\\b" GAP(30) "\\b(?:the|all|all the|all of the|these|those)\\s+" PROMPT_NOUN
       "|\\b" LEAK_VERB "\\b" GAP(10)
       "\\b(?:hidden|secret|confidential|initial|internal)\\s+(?:prompts?|instructions?))",
       5, 0.8, PROMPT_NOUN "|\\b(?:hidden|secret|confidential|initial|internal)\\s+(?:prompts?|instructions?)", 320, 40},
      {"system_prompt_extraction.system_prompt", "system_prompt_extraction",
       "\\byour\\s+(?:(?:full|entire|exact|complete|whole|hidden|secret|"
       "original)\\s+)?(?:system prompt|system message|pre-?prompt|meta-?prompt)\\b",
       5, 0.7},
      {"system_prompt_extraction.what_is_your_prompt", "system_prompt_extraction",
       "\\b(?:what|which)(?:'s|\\s+is|\\s+are|\\s+was|\\s+were)\\s+(?:all\\s+)?"
       "(?:your\\s+(?:(?:exact|full|entire|complete|original|initial|system|hidden|secret|"
       "first|current|real)\\s+)*(?:prompt|instructions?|directives|programming)|"
       "the\\s+(?:(?:exact|full|entire|complete)\\s+)?(?:system|initial|original|hidden|"
       "secret)\\s+(?:prompt|instructions?|directives))\\b",
       5, 0.7},
      {"system_prompt_extraction.show_your_instructions", "system_prompt_extraction",
       "\\b" SHOW_VERB "\\b" GAP(20)
       "\\b(?:your|all your|all of your|every)\\s+(?:instructions?|prompt|"
       "directives|programming|configuration)\\b",
       5, 0.7},
      {"system_prompt_extraction.instructions_given", "system_prompt_extraction",
       "\\b(?:instructions?|rules|prompt|guidelines|directives|text)\\s+(?:that\\s+)?"
       "(?:you (?:were|have been|had been|got|received|are following|are given|"
       "were told)|given to you|you've been given)\\b",
       5, 0.7},
      {"system_prompt_extraction.repeat_above", "system_prompt_extraction",
       "\\b(?:repeat|print|output|copy|write|recite|echo|reproduce|return|show|display|type|"
       "spell out|tell me)\\b" GAP(25)
       "\\b(?:words|text|everything|all|sentences?|lines?|content|characters|tokens|"
       "message|instructions|prompt)\\b" GAP(20)
       "\\b(?:above|before (?:this|that|the|my|these)|prior to (?:this|that|my)|preceding|"
       "that came before|(?:from|at) the (?:beginning|start|top) of (?:this|the|our|your) "
       "(?:conversation|chat|prompt|context|instructions|message))\\b",
       5, 0.7},
      {"system_prompt_extraction.copy_of_prompt", "system_prompt_extraction",
       "(?:\\b(?:repeat|output|print|copy|reproduce|recite|echo)\\s+(?:back\\s+)?(?:everything|all|"
       "all the text|the text|the content)\\s+(?:in|of|from)\\s+(?:the|your|my)\\s+(?:previous|"
       "prior|above|system|initial|first)\\s+(?:section|prompt|message|instructions|text)\\b|"
       "\\bcopy of (?:the|your) (?:(?:full|entire|whole|complete|original|exact)\\s+)?(?:prompt|"
       "system prompt|instructions|initial prompt)\\b|\\bfull prompt text\\b)",
       5, 0.7},
      {"system_prompt_extraction.what_you_are_instructed", "system_prompt_extraction",
       "\\bwhat\\s+(?:are|were)\\s+(?:the\\s+things\\s+|the\\s+instructions\\s+|the\\s+rules\\s+)?"
       "(?:that\\s+)?you\\s+(?:are|were|have been)\\s+(?:instructed|told|programmed)\\s+to\\b",
       5, 0.7},
      {"system_prompt_extraction.what_were_you_told", "system_prompt_extraction",
       "\\bwhat\\s+(?:instructions\\s+|rules\\s+)?(?:were|have|had|did)\\s+you\\s+(?:been\\s+)?"
       "(?:told|instructed|programmed|asked|given|say)\\b" GAP(40)
       "\\b(?:before|earlier|previously|at the (?:start|beginning)|to (?:do|say|keep)|not to|"
       "this conversation|initially)\\b",
       5, 0.7,
       "\\bwhat\\s+(?:instructions\\s+|rules\\s+)?(?:were|have|had|did)\\s+you\\b", 40, 240},
  };
}

#undef GAP
#undef OVERRIDE_VERB
#undef PRIOR
#undef GUIDANCE
#undef SHOW_VERB
#undef CODEC
#undef LEAK_VERB
#undef PROMPT_NOUN
#undef PERSONA_VERB
#undef LIMITS

}  // namespace

const std::vector<AttackRule>& attack_rules() {
  static const std::vector<AttackRule> rules = build_rules();
  return rules;
}

const std::vector<PatternSpec>& attack_patterns() {
  static const std::vector<PatternSpec> specs = [] {
    std::vector<PatternSpec> out;
    for (const auto& r : attack_rules()) out.push_back({r.id, r.regex, true});
    return out;
  }();
  return specs;
}

}  // namespace bulwark::detect
