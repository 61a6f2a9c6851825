// ANTLR glue: runs the generated lexer and parser, turns their errors into diagnostics and
// walks the parse tree into lang::ast. This is the only file that sees parse-tree types;
// everything that can be said without them lives in internal/.
#include "lang/parser/parser.hpp"

#include <algorithm>
#include <limits>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "ScryLexer.h"
#include "ScryParser.h"
#include "antlr4-runtime.h"
#include "lang/base/utf8.hpp"
#include "lang/parser/internal/literal_decoding.hpp"
#include "lang/parser/internal/operator_tokens.hpp"
#include "lang/parser/internal/source_offsets.hpp"
#include "lang/parser/internal/syntax_messages.hpp"
#include "lang/parser/internal/token_checks.hpp"

namespace scry::lang {
namespace {

using scry_grammar::ScryLexer;
using scry_grammar::ScryParser;
using P = ScryParser;

constexpr size_t kMaxSyntaxErrors = 50;

// What every stage of one parse shares: where tokens are, and where errors go.
struct ParseState {
  const Source& source;
  internal::CodePointOffsets offsets;
  std::vector<internal::ScannedToken> scanned;
  antlr4::CommonTokenStream* tokens = nullptr;
  DiagnosticList diagnostics;
  std::vector<size_t> error_tokens;  // indices of tokens a syntax error was reported at

  SourceSpan Span(const antlr4::Token* token) const {
    if (token == nullptr || token->getStartIndex() == INVALID_INDEX) {
      return {&source, 0, 0};
    }
    uint32_t begin = offsets.ByteOffset(token->getStartIndex());
    uint32_t end = offsets.ByteOffset(token->getStopIndex() + 1);
    if (token->getType() == antlr4::Token::EOF) {
      // Point just after the last real token: an error "at end of input" belongs there.
      if (const antlr4::Token* previous = Previous(token)) {
        begin = end = offsets.ByteOffset(previous->getStopIndex() + 1);
      } else {
        end = begin;
      }
    }
    return {&source, begin, std::max(begin, end)};
  }

  // The first visible token after `token`, or EOF.
  const antlr4::Token* Next(const antlr4::Token* token) const {
    size_t index = token->getTokenIndex();
    if (index == INVALID_INDEX || index >= tokens->size()) {
      return nullptr;
    }
    for (size_t i = index + 1; i < tokens->size(); ++i) {
      const antlr4::Token* t = tokens->get(i);
      if (t->getChannel() == antlr4::Token::DEFAULT_CHANNEL) {
        return t;
      }
    }
    return nullptr;
  }

  // The last visible token before `token`.
  const antlr4::Token* Previous(const antlr4::Token* token) const {
    size_t index = token->getTokenIndex();
    if (index == INVALID_INDEX || index > tokens->size()) {
      return nullptr;  // a token ANTLR made up during recovery
    }
    for (size_t i = index; i-- > 0;) {
      const antlr4::Token* t = tokens->get(i);
      if (t->getChannel() == antlr4::Token::DEFAULT_CHANNEL) {
        return t;
      }
    }
    return nullptr;
  }

  // `x # y`: with the stray `#` hidden, `y` looks like an unknown operator; say nothing more.
  bool AfterReportedToken(const antlr4::Token* token) const {
    size_t index = token->getTokenIndex();
    return index > 0 && index <= scanned.size() && scanned[index - 1].reported;
  }

  bool Reported(const antlr4::Token* token) const {
    size_t index = token->getTokenIndex();
    return index < scanned.size() && scanned[index].reported;
  }
};

// Replaces ANTLR's messages ("mismatched input ... expecting {...}") with ours; recovery
// itself is ANTLR's default.
class ErrorStrategy : public antlr4::DefaultErrorStrategy {
 public:
  explicit ErrorStrategy(ParseState& state) : state_(state) {}

 protected:
  void reportNoViableAlternative(antlr4::Parser* parser,
                                 const antlr4::NoViableAltException& e) override {
    // The expected set describes the decision's first token, which is only meaningful when
    // that is where the input went wrong.
    bool at_start = e.getStartToken() == e.getOffendingToken();
    Report(parser, e.getOffendingToken(),
           at_start ? e.getExpectedTokens() : antlr4::misc::IntervalSet());
  }
  void reportInputMismatch(antlr4::Parser* parser,
                           const antlr4::InputMismatchException& e) override {
    Report(parser, e.getOffendingToken(), e.getExpectedTokens());
  }
  void reportFailedPredicate(antlr4::Parser* parser,
                             const antlr4::FailedPredicateException& e) override {
    Report(parser, e.getOffendingToken(), antlr4::misc::IntervalSet());
  }
  void reportUnwantedToken(antlr4::Parser* parser) override {
    if (inErrorRecoveryMode(parser)) {
      return;
    }
    beginErrorCondition(parser);
    Report(parser, parser->getCurrentToken(), getExpectedTokens(parser));
  }
  // ANTLR would drop a `|` or `}` that stands where an expression should be and read on
  // (`where | head 5` as `where head`), turning one error into two; those tokens structure
  // the input, so recovery has to resynchronize on them instead.
  antlr4::Token* singleTokenDeletion(antlr4::Parser* parser) override {
    size_t type = parser->getCurrentToken()->getType();
    if (type == P::PIPE || type == P::RBRACE || type == P::LBRACE) {
      return nullptr;
    }
    return antlr4::DefaultErrorStrategy::singleTokenDeletion(parser);
  }
  void reportMissingToken(antlr4::Parser* parser) override {
    if (inErrorRecoveryMode(parser)) {
      return;
    }
    beginErrorCondition(parser);
    Report(parser, parser->getCurrentToken(), getExpectedTokens(parser));
  }

 private:
  void Report(antlr4::Parser* parser, antlr4::Token* found,
              const antlr4::misc::IntervalSet& expected) {
    if (found == nullptr) {
      return;
    }
    internal::SyntaxErrorFacts facts;
    facts.found_type = found->getType();
    facts.found_text = found->getText();
    if (const antlr4::Token* previous = state_.Previous(found)) {
      facts.previous_type = previous->getType();
      facts.previous_text = previous->getText();
    }
    facts.found_unmatched = internal::ClosesNothing(state_.scanned, found->getTokenIndex());
    auto* ctx = parser->getContext();
    facts.in_declaration_body = dynamic_cast<P::RuleDeclContext*>(ctx) != nullptr
                                || dynamic_cast<P::SourceDeclContext*>(ctx) != nullptr;
    for (ssize_t type : expected.toList()) {
      auto t = static_cast<size_t>(type);
      facts.expected.push_back(
          {t, t == antlr4::Token::EOF ? std::string() : parser->getVocabulary().getLiteralName(t)});
    }
    state_.diagnostics.Error(state_.Span(found), internal::SyntaxErrorMessage(facts));
    state_.error_tokens.push_back(found->getTokenIndex());
    if (state_.error_tokens.size() >= kMaxSyntaxErrors) {
      throw antlr4::ParseCancellationException("too many syntax errors");
    }
  }

  ParseState& state_;
};

// An expression under construction, with the depth of its tree so that a pathological
// input is cut off before the tree becomes too deep to destroy recursively.
struct Node {
  ast::ExprPtr expr;
  size_t depth = 1;
};

// Walks a parse tree into the AST. Trees with syntax errors are walked too, so that
// problems the builder finds elsewhere in the file are still reported; missing pieces
// become placeholders, and the result is discarded by the caller anyway.
class Builder {
 public:
  explicit Builder(ParseState& state) : state_(state) {}

  ast::Module Module(P::ScryModuleContext* ctx) {
    ast::Module module;
    for (auto* decl : ctx->decl()) {
      if (decl->letDecl() != nullptr) {
        module.decls.push_back({Let(decl->letDecl())});
      } else if (decl->ruleDecl() != nullptr) {
        module.decls.push_back({Rule(decl->ruleDecl())});
      } else if (decl->sourceDecl() != nullptr) {
        module.decls.push_back({SourceDeclaration(decl->sourceDecl())});
      }
    }
    return module;
  }

  ast::Query Query(P::ScryQueryContext* ctx) {
    ast::Query query;
    for (auto* let : ctx->letDecl()) {
      query.lets.push_back(Let(let));
    }
    query.pipeline = Pipeline(ctx->pipeline());
    return query;
  }

  ast::ExprPtr Expression(P::SingleExpressionContext* ctx) { return Expr(ctx->expr()).expr; }

 private:
  // ----- spans and names

  SourceSpan Span(antlr4::Token* token) const { return state_.Span(token); }
  SourceSpan Span(antlr4::tree::TerminalNode* node) const {
    return node == nullptr ? SourceSpan{} : Span(node->getSymbol());
  }
  SourceSpan Span(antlr4::ParserRuleContext* ctx) const {
    if (ctx == nullptr) {
      return {};
    }
    SourceSpan span = Span(ctx->getStart());
    antlr4::Token* stop = ctx->getStop();
    if (stop != nullptr && stop->getTokenIndex() >= ctx->getStart()->getTokenIndex()) {
      span = span.Merge(Span(stop));
    }
    return span;
  }
  void Error(SourceSpan span, std::string message) {
    state_.diagnostics.Error(span, std::move(message));
  }
  static std::string Name(antlr4::ParserRuleContext* ctx) {
    return ctx == nullptr ? std::string() : internal::DecodeQuotedName(ctx->getText());
  }
  template <typename DottedContext>
  static std::vector<std::string> Segments(DottedContext* ctx) {
    std::vector<std::string> segments;
    if (ctx != nullptr) {
      segments.push_back(Name(ctx->name()));
      for (auto* word : ctx->word()) {
        segments.push_back(Name(word));
      }
    }
    return segments;
  }

  // A path of one segment `*` is the pseudo-field "every value of the event", which only the
  // bare `*` token spells; a backtick name cannot reach a key called `*` on its own.
  ast::FieldPath FieldPath(P::FieldPathContext* ctx) {
    ast::FieldPath path{Segments(ctx)};
    // Only a real backtick name: error recovery may leave other text in a path.
    if (path.IsAllValues() && ctx->name() != nullptr && ctx->name()->QUOTED_NAME() != nullptr) {
      Error(Span(ctx),
            "`*` in backticks cannot name a field: `*` alone means every value of the "
            "event");
    }
    return path;
  }

  // ----- declarations

  ast::LetDecl Let(P::LetDeclContext* ctx) {
    return {ctx->IDENT() ? ctx->IDENT()->getText() : "", Span(ctx->IDENT()), Expr(ctx->expr()).expr,
            Span(ctx)};
  }

  ast::RuleDecl Rule(P::RuleDeclContext* ctx) {
    ast::RuleDecl rule;
    rule.name = ctx->IDENT() ? ctx->IDENT()->getText() : "";
    rule.name_span = Span(ctx->IDENT());
    rule.meta = Meta(ctx->metaEntry());
    rule.span = Span(ctx);
    if (ctx->pipeline() != nullptr) {
      rule.pipeline = Pipeline(ctx->pipeline());
    } else if (Complete(ctx)) {
      Error(rule.name_span, "rule '" + rule.name + "' has no pipeline");
    }
    return rule;
  }

  ast::SourceDecl SourceDeclaration(P::SourceDeclContext* ctx) {
    ast::SourceDecl decl;
    decl.name = Segments(ctx->dottedName());
    decl.name_span = Span(ctx->dottedName());
    decl.meta = Meta(ctx->metaEntry());
    decl.span = Span(ctx);
    if (ctx->pipeline() != nullptr) {
      decl.pipeline = Pipeline(ctx->pipeline());
    } else if (Complete(ctx)) {
      Error(decl.name_span, "source '" + decl.Dotted() + "' has no pipeline");
    }
    return decl;
  }

  // A declaration parsed without recovery: only then is a missing part really missing.
  bool Complete(antlr4::ParserRuleContext* ctx) const {
    if (ctx->exception != nullptr || ctx->getStop() == nullptr
        || ctx->getStop()->getType() != P::RBRACE) {
      return false;
    }
    size_t begin = ctx->getStart()->getTokenIndex();
    size_t end = ctx->getStop()->getTokenIndex();
    return std::none_of(state_.error_tokens.begin(), state_.error_tokens.end(),
                        [&](size_t index) { return index >= begin && index <= end; });
  }

  std::vector<ast::MetaEntry> Meta(const std::vector<P::MetaEntryContext*>& entries) {
    std::vector<ast::MetaEntry> meta;
    for (auto* entry : entries) {
      meta.push_back({Name(entry->name()), Span(entry->name()), MetaValue(entry->metaValue())});
    }
    return meta;
  }

  ast::MetaValue MetaValue(P::MetaValueContext* ctx) {
    ast::MetaValue value{std::string(), Span(ctx)};
    if (auto* s = dynamic_cast<P::MetaStringContext*>(ctx)) {
      value.value = s->STRING() ? DecodeString(s->STRING()->getSymbol()) : RawBody(s->RAW_STRING());
    } else if (auto* tag = dynamic_cast<P::MetaTagContext*>(ctx)) {
      value.value = TagText(tag->bareTag());
    } else if (auto* n = dynamic_cast<P::MetaNumberContext*>(ctx)) {
      if (n->FLOAT() != nullptr) {
        auto f = DecodeFloatToken(n->FLOAT()->getSymbol());
        value.value = n->MINUS() ? -f : f;
      } else {
        auto* digits = n->INT() ? n->INT() : n->HEX_INT();
        value.value = digits ? DecodeIntToken(digits->getSymbol(), n->MINUS() != nullptr) : 0;
      }
    } else if (auto* b = dynamic_cast<P::MetaBoolContext*>(ctx)) {
      value.value = b->KW_TRUE() != nullptr;
    } else if (auto* list = dynamic_cast<P::MetaListContext*>(ctx)) {
      std::vector<ast::MetaValue> items;
      for (auto* item : list->metaValue()) {
        items.push_back(MetaValue(item));
      }
      value.value = std::move(items);
    }
    return value;
  }

  static std::string TagText(P::BareTagContext* ctx) {
    if (ctx == nullptr) {
      return {};
    }
    std::string text = ctx->getStart() != nullptr && ctx->getStart()->getType() != P::DOT
                           ? ctx->getStart()->getText()
                           : "";
    for (auto* segment : ctx->tagSegment()) {
      text += "." + Name(segment);
    }
    return text;
  }

  // ----- pipelines

  ast::Pipeline Pipeline(P::PipelineContext* ctx) {
    ast::Pipeline pipeline;
    if (ctx == nullptr) {
      return pipeline;
    }
    pipeline.span = Span(ctx);
    if (auto* from = ctx->fromClause()) {
      ast::FromClause clause;
      auto names = from->dottedName();
      clause.name = Segments(names.empty() ? nullptr : names[0]);
      clause.is_call = from->LPAREN() != nullptr;
      for (auto* arg : from->expr()) {
        clause.args.push_back(Expr(arg).expr);
      }
      clause.span = Span(from);
      clause.name_span = Span(names.empty() ? nullptr : names[0]);
      for (size_t i = 1; i < names.size(); ++i) {
        clause.more.push_back({Segments(names[i]), Span(names[i])});
      }
      pipeline.from = std::move(clause);
    }
    for (auto* stage : ctx->stage()) {
      if (auto op = Stage(stage)) {
        pipeline.ops.push_back(std::move(*op));
      }
    }
    return pipeline;
  }

  std::optional<ast::Operator> Stage(P::StageContext* ctx) {
    ast::Operator op{ast::WhereOp{}, Span(ctx)};
    if (auto* where = dynamic_cast<P::WhereOpContext*>(ctx)) {
      op.op = ast::WhereOp{Expr(where->expr()).expr};
    } else if (auto* project = dynamic_cast<P::ProjectOpContext*>(ctx)) {
      op.op = ast::ProjectOp{Assignments(project->assignment(), nullptr, false)};
    } else if (auto* extend = dynamic_cast<P::ExtendOpContext*>(ctx)) {
      op.op = ast::ExtendOp{Assignments(extend->assignment(), nullptr, false)};
    } else if (auto* summarize = dynamic_cast<P::SummarizeOpContext*>(ctx)) {
      op.op = ast::SummarizeOp{Assignments(summarize->assignment(), summarize->BY(), false),
                               Assignments(summarize->assignment(), summarize->BY(), true)};
    } else if (auto* sort = dynamic_cast<P::SortOpContext*>(ctx)) {
      ast::SortOp sort_op;
      for (auto* key : sort->sortKey()) {
        sort_op.keys.push_back({Expr(key->expr()).expr, key->DESC() != nullptr});
      }
      op.op = std::move(sort_op);
    } else if (auto* head = dynamic_cast<P::HeadOpContext*>(ctx)) {
      op.op = ast::HeadOp{head->INT() ? DecodeIntToken(head->INT()->getSymbol(), false) : 0};
    } else if (auto* tail = dynamic_cast<P::TailOpContext*>(ctx)) {
      op.op = ast::TailOp{tail->INT() ? DecodeIntToken(tail->INT()->getSymbol(), false) : 0};
    } else if (auto* top = dynamic_cast<P::TopOpContext*>(ctx)) {
      op.op = ast::TopOp{top->INT() ? DecodeIntToken(top->INT()->getSymbol(), false) : 0,
                         Expr(top->expr()).expr, top->ASC() == nullptr};
    } else if (auto* distinct = dynamic_cast<P::DistinctOpContext*>(ctx)) {
      op.op = ast::DistinctOp{Assignments(distinct->assignment(), nullptr, false)};
    } else if (dynamic_cast<P::CountOpContext*>(ctx) != nullptr) {
      op.op = ast::CountOp{};
    } else if (auto* sample = dynamic_cast<P::SampleOpContext*>(ctx)) {
      auto ints = sample->INT();
      ast::SampleOp sample_op;
      sample_op.count = ints.empty() ? 0 : DecodeIntToken(ints[0]->getSymbol(), false);
      if (sample->SEED() != nullptr && ints.size() > 1) {
        sample_op.seed = DecodeIntToken(ints[1]->getSymbol(), false);
      }
      op.op = sample_op;
    } else if (auto* away = dynamic_cast<P::ProjectAwayOpContext*>(ctx)) {
      ast::ProjectAwayOp away_op;
      for (auto* name : away->name()) {
        away_op.names.push_back(Name(name));
        away_op.spans.push_back(Span(name));
      }
      op.op = std::move(away_op);
    } else if (auto* timechart = dynamic_cast<P::TimechartOpContext*>(ctx)) {
      ast::TimechartOp chart;
      chart.span = Expr(timechart->expr()).expr;
      auto by = Assignments(timechart->assignment() ? std::vector{timechart->assignment()}
                                                    : std::vector<P::AssignmentContext*>{},
                            nullptr, false);
      if (!by.empty()) {
        chart.by = std::move(by[0]);
      }
      op.op = std::move(chart);
    } else if (auto* window = dynamic_cast<P::WindowOpContext*>(ctx)) {
      op.op = Window(window);
    } else if (auto* aggregate = dynamic_cast<P::AggregateOpContext*>(ctx)) {
      op.op = ast::AggregateOp{Assignments(aggregate->assignment(), nullptr, false)};
    } else if (auto* suppress = dynamic_cast<P::SuppressOpContext*>(ctx)) {
      op.op = ast::SuppressOp{Expr(suppress->expr()).expr,
                              Assignments(suppress->assignment(), suppress->BY(), true)};
    } else if (auto* sequence = dynamic_cast<P::SequenceOpContext*>(ctx)) {
      op.op = Sequence(sequence);
    } else if (auto* unknown = dynamic_cast<P::UnknownOpContext*>(ctx)) {
      if (unknown->IDENT() != nullptr) {
        Error(Span(unknown->IDENT()), internal::UnknownStageMessage(unknown->IDENT()->getText()));
      }
      return std::nullopt;
    }
    return op;
  }

  // `window sliding 5m by k`. The grammar lets the kind be any identifier, or missing, so that
  // those mistakes are reported here in words.
  ast::WindowOp Window(P::WindowOpContext* ctx) {
    ast::WindowOp window;
    window.size = Expr(ctx->expr()).expr;
    window.by = Assignments(ctx->assignment(), ctx->BY(), true);
    if (auto* kind = ctx->windowKind()) {
      if (kind->SLIDING() != nullptr) {
        window.kind = ast::WindowKind::kSliding;
      } else if (kind->TUMBLING() != nullptr) {
        window.kind = ast::WindowKind::kTumbling;
      } else if (kind->SESSION() != nullptr) {
        window.kind = ast::WindowKind::kSession;
      } else if (kind->IDENT() != nullptr) {
        Error(Span(kind), internal::UnknownWindowKindMessage(kind->getText()));
      }
      return window;
    }
    // Only when nothing else was reported in the stage: `window |` already has its message.
    if (ctx->expr() == nullptr || HasSyntaxError(ctx)) {
      return window;
    }
    antlr4::Token* first = ctx->expr()->getStart();
    size_t type = first->getType();
    bool lone_kind = (type == P::SLIDING || type == P::TUMBLING || type == P::SESSION)
                     && first == ctx->expr()->getStop();
    if (lone_kind) {
      // `window session by user`: the kind is there, the duration is not.
      const antlr4::Token* next = state_.Next(first);
      Error(state_.Span(next != nullptr ? next : first),
            internal::MissingWindowSizeMessage(first->getText()));
    } else {
      Error(Span(first), internal::MissingWindowKindMessage());
    }
    return window;
  }

  // `sequence [ordered] by k within d [step]... [until [step]]`.
  ast::SequenceOp Sequence(P::SequenceOpContext* ctx) {
    ast::SequenceOp sequence;
    sequence.ordered = ctx->ORDERED() != nullptr;
    sequence.by = Assignments(ctx->assignment(), ctx->BY(), true);
    sequence.within = Expr(ctx->expr()).expr;
    size_t until = ctx->UNTIL() != nullptr ? ctx->UNTIL()->getSymbol()->getTokenIndex()
                                           : std::numeric_limits<size_t>::max();
    for (auto* step_ctx : ctx->sequenceStep()) {
      ast::SequenceStep step;
      step.pipeline = std::make_unique<ast::Pipeline>(Pipeline(step_ctx->pipeline()));
      step.absent = step_ctx->BANG_LBRACKET() != nullptr;
      step.span = Span(step_ctx);
      if (step_ctx->getStart()->getTokenIndex() < until) {
        sequence.steps.push_back(std::move(step));
      } else if (!sequence.until) {
        sequence.until = std::move(step);
      } else {
        Error(step.span, internal::StepAfterUntilMessage());
      }
    }
    if (ctx->BY() == nullptr && !HasSyntaxError(ctx)) {
      Error(Span(ctx->WITHIN()), internal::MissingSequenceByMessage());
    }
    return sequence;
  }

  // Whether a syntax error was reported at a token of `ctx`.
  bool HasSyntaxError(antlr4::ParserRuleContext* ctx) const {
    if (ctx->exception != nullptr || ctx->getStop() == nullptr) {
      return true;
    }
    size_t begin = ctx->getStart()->getTokenIndex();
    size_t end = ctx->getStop()->getTokenIndex();
    return std::any_of(state_.error_tokens.begin(), state_.error_tokens.end(),
                       [&](size_t index) { return index >= begin && index <= end + 1; });
  }

  // The assignments of a clause; for summarize, those before or after `by`.
  std::vector<ast::Assignment> Assignments(const std::vector<P::AssignmentContext*>& all,
                                           antlr4::tree::TerminalNode* by, bool after_by) {
    std::vector<ast::Assignment> out;
    for (auto* ctx : all) {
      bool is_after =
          by != nullptr && ctx->getStart()->getTokenIndex() > by->getSymbol()->getTokenIndex();
      if (is_after != after_by) {
        continue;
      }
      ast::Assignment assignment;
      if (ctx->name() != nullptr) {
        assignment.name = Name(ctx->name());
        assignment.name_span = Span(ctx->name());
      }
      assignment.value = Expr(ctx->expr()).expr;
      out.push_back(std::move(assignment));
    }
    return out;
  }

  // ----- expressions

  Node Placeholder(SourceSpan span = {}) { return {ast::MakeExpr(ast::Literal{}, span), 1}; }

  Node Combine(ast::BinaryOp op, bool ci, bool negated, ast::Quantifier quantifier, Node lhs,
               Node rhs, SourceSpan op_span) {
    SourceSpan span = lhs.expr->span.Merge(rhs.expr->span);
    size_t depth = std::max(lhs.depth, rhs.depth) + 1;
    return Limit({ast::MakeExpr(ast::Binary{op, ci, negated, quantifier, std::move(lhs.expr),
                                            std::move(rhs.expr), op_span},
                                span),
                  depth});
  }

  Node Limit(Node node) {
    if (node.depth <= kMaxExpressionDepth) {
      return node;
    }
    if (!depth_reported_) {
      depth_reported_ = true;
      Error(node.expr->span, "expression is too long or nested too deeply (the limit is "
                                 + std::to_string(kMaxExpressionDepth) + " levels)");
    }
    return Placeholder(node.expr->span);
  }

  Node Expr(P::ExprContext* ctx) {
    if (ctx == nullptr || ctx->orExpr() == nullptr) {
      return Placeholder(Span(ctx));
    }
    return Or(ctx->orExpr());
  }

  Node Or(P::OrExprContext* ctx) {
    auto operands = ctx->andExpr();
    if (operands.empty()) {
      return Placeholder(Span(ctx));
    }
    Node result = And(operands[0]);
    auto ors = ctx->OR();  // once: OR(i) scans the children each time
    for (size_t i = 1; i < operands.size() && i - 1 < ors.size(); ++i) {
      result = Combine(ast::BinaryOp::kOr, false, false, ast::Quantifier::kNone, std::move(result),
                       And(operands[i]), Span(ors[i - 1]));
    }
    return result;
  }

  Node And(P::AndExprContext* ctx) {
    auto operands = ctx->notExpr();
    if (operands.empty()) {
      return Placeholder(Span(ctx));
    }
    Node result = Not(operands[0]);
    auto ands = ctx->AND();
    for (size_t i = 1; i < operands.size() && i - 1 < ands.size(); ++i) {
      result = Combine(ast::BinaryOp::kAnd, false, false, ast::Quantifier::kNone, std::move(result),
                       Not(operands[i]), Span(ands[i - 1]));
    }
    return result;
  }

  Node Not(P::NotExprContext* ctx) {
    if (auto* n = dynamic_cast<P::NotPrefixContext*>(ctx)) {
      Node operand = n->notExpr() ? Not(n->notExpr()) : Placeholder();
      return Limit(
          {ast::MakeExpr(ast::Unary{ast::UnaryOp::kNot, std::move(operand.expr)}, Span(ctx)),
           operand.depth + 1});
    }
    if (auto* e = dynamic_cast<P::ExistsPrefixContext*>(ctx)) {
      auto path = ast::MakeExpr(FieldPath(e->fieldPath()), Span(e->fieldPath()));
      return {ast::MakeExpr(ast::Unary{ast::UnaryOp::kExists, std::move(path)}, Span(ctx)), 2};
    }
    auto* operand = dynamic_cast<P::NotOperandContext*>(ctx);
    if (operand == nullptr || operand->comparison() == nullptr) {
      return Placeholder(Span(ctx));
    }
    return Comparison(operand->comparison());
  }

  Node Comparison(P::ComparisonContext* ctx) {
    Node result = Additive(ctx->additive());
    auto tails = ctx->comparisonTail();
    for (size_t i = 0; i < tails.size(); ++i) {
      if (auto* unknown = dynamic_cast<P::UnknownComparisonContext*>(tails[i])) {
        auto* word = unknown->IDENT() ? unknown->IDENT() : unknown->BANG_WORD();
        if (word != nullptr && !state_.AfterReportedToken(word->getSymbol())) {
          Error(Span(word), internal::UnknownOperatorMessage(word->getText()));
        }
        continue;
      }
      auto* known = dynamic_cast<P::KnownComparisonContext*>(tails[i]);
      if (known == nullptr || known->comparisonOp() == nullptr) {
        continue;
      }
      SourceSpan op_span = Span(known->comparisonOp());
      if (i > 0) {
        Error(op_span,
              "comparison operators cannot be chained; combine the comparisons with 'and'");
        continue;
      }
      auto quantifier = known->ANY()   ? ast::Quantifier::kAny
                        : known->ALL() ? ast::Quantifier::kAll
                                       : ast::Quantifier::kNone;
      auto spelling = internal::ComparisonFor(known->comparisonOp()->getStart()->getType());
      result = Combine(spelling.op, spelling.case_insensitive, spelling.negated, quantifier,
                       std::move(result), Additive(known->additive()), op_span);
    }
    return result;
  }

  // Additive and multiplicative chains: operands interleaved with operator tokens.
  template <typename Context, typename Operand>
  Node Chain(Context* ctx, const std::vector<Operand*>& operands) {
    if (ctx == nullptr || operands.empty()) {
      return Placeholder(Span(ctx));
    }
    Node result = Operation(operands[0]);
    size_t next = 1;
    for (auto* child : ctx->children) {
      auto* op = dynamic_cast<antlr4::tree::TerminalNode*>(child);
      if (op == nullptr || next >= operands.size()) {
        continue;
      }
      result =
          Combine(internal::ArithmeticFor(op->getSymbol()->getType()), false, false,
                  ast::Quantifier::kNone, std::move(result), Operation(operands[next++]), Span(op));
    }
    return result;
  }

  Node Additive(P::AdditiveContext* ctx) {
    return ctx ? Chain(ctx, ctx->multiplicative()) : Placeholder();
  }
  Node Operation(P::MultiplicativeContext* ctx) { return Chain(ctx, ctx->unary()); }
  Node Operation(P::UnaryContext* ctx) { return Unary(ctx); }

  Node Unary(P::UnaryContext* ctx) {
    if (auto* negate = dynamic_cast<P::NegateContext*>(ctx)) {
      return Negate(negate);
    }
    auto* operand = dynamic_cast<P::UnaryOperandContext*>(ctx);
    if (operand == nullptr || operand->primary() == nullptr) {
      return Placeholder(Span(ctx));
    }
    return Primary(operand->primary());
  }

  // `-5`, `-1.5`, `-5m` become negative literals, so that printing a negative literal and
  // parsing it again gives the same tree; `-9223372036854775808` is decoded with its sign.
  Node Negate(P::NegateContext* ctx) {
    SourceSpan span = Span(ctx);
    if (auto* inner = dynamic_cast<P::UnaryOperandContext*>(ctx->unary())) {
      if (auto* lit = dynamic_cast<P::LiteralExprContext*>(inner->primary())) {
        if (lit->literal() != nullptr) {
          size_t type = lit->literal()->getStart()->getType();
          if (type == P::INT || type == P::HEX_INT || type == P::DURATION) {
            Node node = Literal(lit->literal(), /*negative=*/true);
            node.expr->span = span;
            return node;
          }
        }
      }
    }
    Node operand = ctx->unary() ? Unary(ctx->unary()) : Placeholder();
    if (auto* literal = operand.expr->As<ast::Literal>()) {
      bool is_int = literal->kind == ast::Literal::Kind::kInt
                    || literal->kind == ast::Literal::Kind::kDuration;
      if (literal->kind == ast::Literal::Kind::kFloat) {
        literal->float_value = -literal->float_value;
        operand.expr->span = span;
        return operand;
      }
      if (is_int && literal->int_value != std::numeric_limits<int64_t>::min()) {
        literal->int_value = -literal->int_value;
        operand.expr->span = span;
        return operand;
      }
    }
    return Limit({ast::MakeExpr(ast::Unary{ast::UnaryOp::kNegate, std::move(operand.expr)}, span),
                  operand.depth + 1});
  }

  Node Primary(P::PrimaryContext* ctx) {
    SourceSpan span = Span(ctx);
    if (auto* lit = dynamic_cast<P::LiteralExprContext*>(ctx)) {
      return lit->literal() ? Literal(lit->literal(), false) : Placeholder(span);
    }
    if (auto* field = dynamic_cast<P::FieldExprContext*>(ctx)) {
      return {ast::MakeExpr(FieldPath(field->fieldPath()), span), 1};
    }
    if (dynamic_cast<P::AllValuesExprContext*>(ctx) != nullptr) {
      return {ast::MakeExpr(ast::FieldPath{{std::string(ast::kAllValues)}}, span), 1};
    }
    auto* paren = dynamic_cast<P::ParenthesizedContext*>(ctx);
    if (paren != nullptr && paren->expr().size() == 1) {
      if (!paren->COMMA().empty()) {
        Error(Span(paren->COMMA(0)),
              "a tuple needs at least two items; write '[x]' for a one-item list");
      }
      Node inner = Expr(paren->expr(0));
      inner.expr->span = span;
      return inner;
    }
    if (auto* call = dynamic_cast<P::CallExprContext*>(ctx)) {
      ast::Call node{call->callee() ? call->callee()->getText() : "", Span(call->callee()), {}};
      size_t depth = 0;
      for (auto* arg : call->expr()) {
        Node item = Expr(arg);
        depth = std::max(depth, item.depth);
        node.args.push_back(std::move(item.expr));
      }
      return Limit({ast::MakeExpr(std::move(node), span), depth + 1});
    }
    std::vector<P::ExprContext*> items;
    if (auto* list = dynamic_cast<P::ListLiteralContext*>(ctx)) {
      items = list->expr();
    } else if (paren != nullptr) {
      items = paren->expr();
    }
    ast::ListExpr node;
    size_t depth = 0;
    for (auto* item_ctx : items) {
      Node item = Expr(item_ctx);
      depth = std::max(depth, item.depth);
      node.items.push_back(std::move(item.expr));
    }
    return Limit({ast::MakeExpr(std::move(node), span), depth + 1});
  }

  Node Literal(P::LiteralContext* ctx, bool negative) {
    antlr4::Token* token = ctx->getStart();
    ast::Literal literal;
    using Kind = ast::Literal::Kind;
    switch (token->getType()) {
      case P::INT:
      case P::HEX_INT:
        literal.kind = Kind::kInt;
        literal.int_value = DecodeIntToken(token, negative);
        break;
      case P::FLOAT:
        literal.kind = Kind::kFloat;
        literal.float_value = DecodeFloatToken(token);
        break;
      case P::DURATION:
        literal.kind = Kind::kDuration;
        literal.int_value = DecodeDurationToken(token, negative);
        break;
      case P::STRING:
        literal.kind = Kind::kString;
        literal.text = DecodeString(token);
        break;
      case P::RAW_STRING:
        literal.kind = Kind::kString;
        literal.text = internal::RawStringBody(token->getText());
        break;
      case P::REGEX:
        literal.kind = Kind::kRegex;
        literal.text = internal::RawStringBody(token->getText());
        break;
      case P::TIMESTAMP:
        literal.kind = Kind::kTimestamp;
        literal.text = token->getText();
        break;
      case P::IPV4:
      case P::IPV6:
        literal.kind = Kind::kIp;
        literal.text = token->getText();
        break;
      case P::CIDR4:
      case P::CIDR6:
        literal.kind = Kind::kCidr;
        literal.text = token->getText();
        break;
      case P::KW_TRUE:
      case P::KW_FALSE:
        literal.kind = Kind::kBool;
        literal.bool_value = token->getType() == P::KW_TRUE;
        break;
      default:
        break;
    }
    return {ast::MakeExpr(std::move(literal), Span(ctx)), 1};
  }

  // ----- literal tokens

  int64_t DecodeIntToken(antlr4::Token* token, bool negative) {
    return internal::IntLiteral(Span(token), negative, state_.Reported(token), state_.diagnostics);
  }
  double DecodeFloatToken(antlr4::Token* token) {
    return internal::FloatLiteral(Span(token), state_.diagnostics);
  }
  int64_t DecodeDurationToken(antlr4::Token* token, bool negative) {
    return internal::DurationLiteral(Span(token), negative, state_.diagnostics);
  }
  std::string DecodeString(antlr4::Token* token) {
    return internal::StringLiteral(Span(token), state_.Reported(token), state_.diagnostics);
  }

  static std::string RawBody(antlr4::tree::TerminalNode* node) {
    return node ? std::string(internal::RawStringBody(node->getText())) : std::string();
  }

  ParseState& state_;
  bool depth_reported_ = false;
};

// Lexes, checks tokens, parses with `entry` and builds with `build`; nullopt on any error.
template <typename Entry, typename Build>
auto Parse(const Source& source, DiagnosticList& diagnostics, Entry entry, Build build)
    -> std::optional<decltype(build(std::declval<Builder&>(), entry(std::declval<P&>())))> {
  std::string_view text = source.text();
  uint32_t base = text.starts_with("\xEF\xBB\xBF") ? 3 : 0;  // a byte-order mark is not code
  text.remove_prefix(base);
  if (auto bad = FindInvalidUtf8(text)) {
    diagnostics.Error({&source, base + *bad, base + *bad + 1}, "source text is not valid UTF-8");
    return std::nullopt;
  }
  ParseState state{source, internal::CodePointOffsets(text, base), {}, nullptr, DiagnosticList(),
                   {}};
  std::optional<decltype(build(std::declval<Builder&>(), entry(std::declval<P&>())))> result;
  try {
    antlr4::ANTLRInputStream input(std::string{text});
    ScryLexer lexer(&input);
    lexer.removeErrorListeners();
    antlr4::CommonTokenStream tokens(&lexer);
    tokens.fill();
    state.tokens = &tokens;
    for (antlr4::Token* token : tokens.getTokens()) {
      state.scanned.push_back({token->getType(), state.offsets.ByteOffset(token->getStartIndex()),
                               state.offsets.ByteOffset(token->getStopIndex() + 1)});
    }
    internal::CheckTokens(source, state.scanned, state.diagnostics);
    for (size_t i = 0; i < state.scanned.size(); ++i) {
      auto* token = dynamic_cast<antlr4::WritableToken*>(tokens.get(i));
      if (token != nullptr && token->getType() != antlr4::Token::EOF) {
        token->setType(state.scanned[i].type);
        if (state.scanned[i].hidden) {
          token->setChannel(antlr4::Token::HIDDEN_CHANNEL);
        }
      }
    }
    // The stream positioned itself on the first token while the channels were all default;
    // re-seek so that a hidden first token is skipped too.
    tokens.seek(0);
    if (internal::CheckNesting(source, state.scanned, kMaxNestingDepth, state.diagnostics)) {
      ScryParser parser(&tokens);
      parser.removeErrorListeners();
      parser.setErrorHandler(std::make_shared<ErrorStrategy>(state));
      auto* tree = entry(parser);
      Builder builder(state);
      result = build(builder, tree);
    }
  } catch (const antlr4::ParseCancellationException&) {
    // Too many syntax errors: what was reported is enough.
  } catch (const std::exception& e) {
    state.diagnostics.Error({&source, base, base},
                            std::string("internal parser error: ") + e.what());
  }
  state.diagnostics.Sort();
  bool failed = state.diagnostics.has_errors();
  diagnostics.Append(state.diagnostics);
  if (failed) {
    return std::nullopt;
  }
  return result;
}

}  // namespace

std::optional<ast::Module> ParseModule(const Source& source, DiagnosticList& diagnostics) {
  return Parse(
      source, diagnostics, [](P& parser) { return parser.scryModule(); },
      [](Builder& builder, P::ScryModuleContext* tree) { return builder.Module(tree); });
}

std::optional<ast::Query> ParseQuery(const Source& source, DiagnosticList& diagnostics) {
  return Parse(
      source, diagnostics, [](P& parser) { return parser.scryQuery(); },
      [](Builder& builder, P::ScryQueryContext* tree) { return builder.Query(tree); });
}

std::optional<ast::ExprPtr> ParseExpression(const Source& source, DiagnosticList& diagnostics) {
  return Parse(
      source, diagnostics, [](P& parser) { return parser.singleExpression(); },
      [](Builder& builder, P::SingleExpressionContext* tree) { return builder.Expression(tree); });
}

}  // namespace scry::lang
