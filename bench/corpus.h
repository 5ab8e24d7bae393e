// bench/corpus.h — realistic prompt text for benchmarks: a system prompt, chat turns, a
// retrieved document, code and markdown, with the occasional e-mail address, phone number
// and link that real prompts carry. Written for Bulwark; no outside data.
#pragma once

#include <string>

namespace bulwark::bench {

inline const char* kCorpusParts[] = {
    "You are Contoso Assistant, a helpful support agent for Contoso Outdoor Gear. Answer questions about orders, "
    "returns, sizing and product care. Be concise and friendly. If you do not know the answer, say so and offer to "
    "connect the customer with a human agent. Never promise refunds that policy does not allow.\n\n",
    "Hi! I ordered the Trailblazer 45L backpack last week (order #A-2291-77) and it still hasn't shipped. The "
    "tracking page says 'label created' since Monday. Can you check what's going on? I need it before my trip on "
    "the 14th. You can reach me at dana.whitfield@example.com if email is easier.\n\n",
    "Sure, I can help with that. Orders placed during the autumn sale are taking two to three extra business days "
    "to leave the warehouse. Your backpack is packed and should be picked up by the carrier tomorrow morning. I've "
    "added a note to expedite it at no charge, so it should arrive by Thursday.\n\n",
    "Retrieved document (returns-policy.md, section 3.2): Items may be returned within 60 days of delivery if they "
    "are unused and in their original packaging. Footwear that has been worn outdoors cannot be returned, but it is "
    "covered by our 1-year defect warranty. To start a return, visit the returns portal at "
    "https://www.contoso.com/returns and enter the order number and the e-mail address used at checkout. Refunds "
    "are issued to the original payment method within 5-7 business days after the warehouse receives the item.\n\n",
    "Can you write a Python function that reads a CSV of orders and returns the total revenue per month? The file "
    "has columns order_id, date (YYYY-MM-DD), amount and currency; ignore rows where currency isn't USD.\n\n",
    "```python\nimport csv\nfrom collections import defaultdict\n\ndef revenue_per_month(path):\n    totals = "
    "defaultdict(float)\n    with open(path, newline='') as f:\n        for row in csv.DictReader(f):\n            if "
    "row['currency'] != 'USD':\n                continue\n            month = row['date'][:7]\n            "
    "totals[month] += float(row['amount'])\n    return dict(sorted(totals.items()))\n```\n\n",
    "Summarize the following meeting notes in three bullet points for the weekly status e-mail: The team agreed to "
    "move the launch of the winter catalogue to November 3. Marketing still needs final product photos for the "
    "insulated jackets; Priya will shoot them on Friday. Customer support volume rose 12% after the price change, "
    "mostly questions about shipping times. Call the warehouse lead at +1 415 555 0132 before Wednesday to confirm "
    "the holiday staffing plan.\n\n",
    "## Product care\n\n- Wash the jacket on a gentle cycle at 30 C with a technical cleaner.\n- Do not use fabric "
    "softener; it clogs the membrane.\n- Tumble dry on low for 20 minutes to reactivate the water-repellent "
    "finish.\n- Store it loosely, not compressed, to keep the insulation lofty.\n\n",
    "What's the difference between the Summit and the Ridge tents? I mostly camp in the Sierra in late spring, two "
    "people, sometimes with a dog. Weight matters but I'd rather not be cold. Also, is it true the Ridge has only "
    "one door? See the comparison here: [tent guide](https://www.contoso.com/guides/tents).\n\n",
    "Translate this into Spanish, keeping a warm and professional tone: Thank you for your patience while we looked "
    "into your order. We have issued a replacement and it will ship today. If anything else comes up, just reply to "
    "this message and we will be happy to help.\n\n",
};

// Concatenates corpus parts until `bytes` is reached (cut at a character boundary).
inline std::string make_corpus(size_t bytes) {
  std::string out;
  size_t i = 0;
  const size_t n = sizeof(kCorpusParts) / sizeof(kCorpusParts[0]);
  while (out.size() < bytes) out += kCorpusParts[i++ % n];
  out.resize(bytes);
  while (!out.empty() && (static_cast<unsigned char>(out.back()) & 0xC0) == 0x80) out.pop_back();
  if (!out.empty() && static_cast<unsigned char>(out.back()) >= 0xC0) out.pop_back();
  return out;
}

}  // namespace bulwark::bench
