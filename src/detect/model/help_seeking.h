// detect/model/help_seeking.h — is a text that the harm model reads as self-harm someone asking
// for help? "What is the suicide prevention hotline number?", "how can I support a friend who
// self-harms?", "where can I find a therapist for depression?" share every word the model
// learned self-harm from, and a bag of n-grams cannot tell asking for help from asking for a
// method. A gateway that blocks the question fails the person who most needs the answer.
//
// The check is narrow on purpose: a help cue (hotline, crisis line, prevention, therapist,
// support group, warning signs, "how can I help / support / talk to") and no cue of the harm
// itself (methods, doses, "painless", encouraging or glorifying it, a role to play). It only
// ever lowers a finding of model.harm on a user's text below the default policy's block
// (model_detector.cpp; an assistant's answer can end with a hotline after the harm, so answers
// are judged as they stand). harm.hazards' self-harm rules, which read method requests, are not
// touched, so "what's the hotline? and how many pills would it take" is still blocked by them.
#pragma once

#include <string_view>

namespace bulwark::detect {

// `text` is the engine's skeleton view (lower case, confusables folded).
bool asks_for_help(std::string_view text);

// Whether the text names a condition or a harm suffered that people seek help for (suicidal
// thoughts, an eating disorder, addiction, abuse, ...). A finding of another harm category on a
// text that asks for help with one ("where can I get help for an eating disorder?" read as
// weapons) is softened like self-harm; without a named concern it is not ("where can I get help
// making a bomb?").
bool names_a_concern(std::string_view text);

}  // namespace bulwark::detect
