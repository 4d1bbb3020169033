// The demo shop's brands as a Lexicon (demo/catalog_tables.h): what the
// evaluation, the tests and the benchmark match brands against. A separate
// library (leafloaf_agents_demo) so the NLU itself does not depend on the
// demo shop.
#ifndef LEAFLOAF_AGENTS_DEMO_LEXICON_H_
#define LEAFLOAF_AGENTS_DEMO_LEXICON_H_

#include <string>
#include <vector>

#include "agents/lexicon.h"

namespace leafloaf::agents {

// Every brand of the demo catalog, store brands included, sorted, unique.
std::vector<std::string> DemoShopBrands();

// A lexicon of DemoShopBrands().
Lexicon DemoShopLexicon();

}  // namespace leafloaf::agents

#endif  // LEAFLOAF_AGENTS_DEMO_LEXICON_H_
