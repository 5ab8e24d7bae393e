#include "detect/model/help_seeking.h"

#include <re2/re2.h>

namespace bulwark::detect {
namespace {

const RE2& help_cue() {
  static const RE2 re(
      R"(\b(?:hot ?lines?|help ?lines?|life ?lines?|samaritans|988|prevention|)"
      R"(crisis (?:lines?|text|centers?|centres?|teams?|services?)|support groups?|peer support|)"
      R"(treat(?:ments?|able)|rehab|recover(?:y|ing)|warning signs?|signs of|)"
      R"(what (?:should|do|can|could) (?:i|we) say|bring (?:it |this |that )?up|)"
      R"(who (?:can|should|do) i (?:talk|speak|turn|reach out) to|)"
      R"((?:find|see|call|contact|recommend|afford|need|want|get|start|try|seek|seeking) (?:\w+ ){0,2})"
      R"((?:therap(?:y|ists?)|counsel(?:l)?(?:ors?|ing)|psychiatrists?|psychologists?)|)"
      R"((?:get|find|seek|getting|finding|seeking) (?:\w+ )?help|)"
      R"(how (?:can|do|should|could) (?:i|we) (?:help|support|talk to|reach out to|be there for|comfort)|)"
      R"((?:talk|speak) to (?:someone|somebody|a professional|a doctor))\b)");
  return re;
}

// The harm itself: a method, a dose, a wish for it to be easy or certain, a push towards it, or
// a role to play.
const RE2& harm_cue() {
  static const RE2 re(
      R"(\b(?:glorif\w*|romanti[cs]i[sz]\w*|encourag\w*|promot\w*|convinc\w*|persuad\w*|pressur\w*|goad\w*|)"
      R"(methods?|painless\w*|lethal|fatal|overdose on|how (?:many|much)|quick(?:est|ly)|easi(?:est|ly)|)"
      R"(best way|ways? to (?:die|kill|end|hurt|cut|harm|starve)|without (?:anyone|people|them|my parents) )"
      R"((?:knowing|noticing|finding out|seeing)|hide (?:the|my) (?:cuts|scars|marks)|suicide note|)"
      R"(viable|way out|the idea of|plant|)"
      // Role-play and hidden goals: the counsellor persona is a jailbreak's favourite frame.
      R"(you are (?:a|an|now)|pretend\w*|role ?-?play\w*|act as|posing|secretly|subtly|in character|)"
      R"(your (?:goal|task|job|mission) is)\b)");
  return re;
}

// What people ask for help with: conditions and harms suffered, not harms done.
const RE2& concern() {
  static const RE2 re(
      R"(\b(?:suicid\w*|self-?harm\w*|cutting|eating disorders?|anorexi\w*|bulimi\w*|binge eating|)"
      R"(depress\w*|anxiety|panic attacks?|ptsd|trauma|grief|addict\w*|alcoholism|overdos\w*|withdrawal|)"
      R"(relapse|)"
      R"((?:domestic|sexual|child|elder|emotional) abuse|abusive|sexual assault|rape|grooming|bullying)\b)");
  return re;
}

}  // namespace

bool names_a_concern(std::string_view text) {
  return RE2::PartialMatch(re2::StringPiece(text.data(), text.size()), concern());
}

bool asks_for_help(std::string_view text) {
  const re2::StringPiece sp(text.data(), text.size());
  return RE2::PartialMatch(sp, help_cue()) && !RE2::PartialMatch(sp, harm_cue());
}

}  // namespace bulwark::detect
