// The scry language, version 1: rules, log-source declarations and queries.
//
// docs/language.md describes the language for users; lang/parser/ turns the
// parse tree into lang::ast. The grammar is deliberately permissive in three places so the
// AST builder can report a precise message instead of an ANTLR one:
//   - comparison chains (`a == b == c`) parse and are rejected by the builder;
//   - an identifier where a binary operator belongs (`x contians "y"`) parses as
//     `comparisonTail` alternative #UnknownComparison;
//   - an identifier where a pipeline operator belongs (`| wher x`) parses as #UnknownOp;
//   - `window` takes any identifier as its kind, or none (`window 5m`), `sequence` may lack
//     its `by` list and take several steps after `until`, so that these mistakes get their
//     own messages.
// Lexer error tokens (UNTERMINATED_STRING, BAD_NUMBER, ...) are reported and repaired
// before parsing, so they never reach the parser as such.

grammar Scry;

// ---------------------------------------------------------------------------------------
// Entry points

scryModule : decl* EOF ;

scryQuery : letDecl* PIPE? pipeline EOF ;

singleExpression : expr EOF ;

// ---------------------------------------------------------------------------------------
// Declarations

decl : letDecl | ruleDecl | sourceDecl ;

letDecl : LET IDENT ASSIGN expr ;

// The pipeline is optional here so that a missing one gets its own message.
ruleDecl : RULE IDENT LBRACE metaEntry* pipeline? RBRACE ;

sourceDecl : SOURCE dottedName LBRACE metaEntry* pipeline? RBRACE ;

metaEntry : name COLON metaValue ;

metaValue
  : STRING                                                    # MetaString
  | RAW_STRING                                                # MetaString
  | bareTag                                                   # MetaTag
  | MINUS? (INT | HEX_INT | FLOAT)                            # MetaNumber
  | (KW_TRUE | KW_FALSE)                                            # MetaBool
  | LBRACKET (metaValue (COMMA metaValue)* COMMA?)? RBRACKET  # MetaList
  ;

// Soft keywords that can start neither a declaration nor a stage may start a tag too, so that
// `mode: session` reads as it did before they were keywords.
bareTag : (IDENT | SLIDING | TUMBLING | SESSION | ORDERED | WITHIN | UNTIL | SEED) (DOT tagSegment)* ;

tagSegment : word | INT | HEX_INT | FLOAT | DURATION ;

// ---------------------------------------------------------------------------------------
// Pipelines

pipeline : (fromClause | stage) (PIPE stage)* ;

// `from a, b, c`: several inputs, each a source or a rule.
fromClause : FROM dottedName (LPAREN (expr (COMMA expr)*)? RPAREN)? (COMMA dottedName)* ;

stage
  : WHERE expr                                                   # WhereOp
  | PROJECT assignment (COMMA assignment)*                       # ProjectOp
  | EXTEND assignment (COMMA assignment)*                        # ExtendOp
  | SUMMARIZE assignment (COMMA assignment)*
      (BY assignment (COMMA assignment)*)?                       # SummarizeOp
  | SORT sortKey (COMMA sortKey)*                                # SortOp
  | HEAD INT                                                     # HeadOp
  | TAIL INT                                                     # TailOp
  | TOP INT BY expr (ASC | DESC)?                                # TopOp
  | DISTINCT assignment (COMMA assignment)*                      # DistinctOp
  | COUNT                                                        # CountOp
  | SAMPLE INT (SEED INT)?                                       # SampleOp
  | PROJECT_AWAY name (COMMA name)*                              # ProjectAwayOp
  | TIMECHART expr (BY assignment)?                              # TimechartOp
  | WINDOW windowKind? expr (BY assignment (COMMA assignment)*)?  # WindowOp
  | AGGREGATE assignment (COMMA assignment)*                     # AggregateOp
  | SUPPRESS expr (BY assignment (COMMA assignment)*)?           # SuppressOp
  | SEQUENCE ORDERED? (BY assignment (COMMA assignment)*)? WITHIN expr
      sequenceStep+ (UNTIL sequenceStep+)?                       # SequenceOp
  // Error production: anything up to the next stage, or to the `]` that closes a sequence
  // step; brackets inside are skipped whole. Not COLON first, which would make it ambiguous
  // with a metadata entry.
  | IDENT (unknownFirst unknownPart*)?                           # UnknownOp
  ;

// IDENT only so that `window slidng 5m` is reported as an unknown kind.
windowKind : SLIDING | TUMBLING | SESSION | IDENT ;

// `[from windows.logon | where ...]`, or `![...]` for an event that must not occur.
sequenceStep : (LBRACKET | BANG_LBRACKET) pipeline RBRACKET ;

unknownFirst : ~(PIPE | RBRACE | COLON | LBRACKET | BANG_LBRACKET | RBRACKET) | unknownBrackets ;
unknownPart : ~(PIPE | RBRACE | LBRACKET | BANG_LBRACKET | RBRACKET) | unknownBrackets ;
unknownBrackets
  : (LBRACKET | BANG_LBRACKET) (~(LBRACKET | BANG_LBRACKET | RBRACKET | RBRACE) | unknownBrackets)*
    RBRACKET
  ;

assignment : (name ASSIGN)? expr ;

sortKey : expr (ASC | DESC)? ;

// ---------------------------------------------------------------------------------------
// Expressions, lowest precedence first

expr : orExpr ;

orExpr : andExpr (OR andExpr)* ;

andExpr : notExpr (AND notExpr)* ;

notExpr
  : NOT notExpr          # NotPrefix
  | EXISTS fieldPath     # ExistsPrefix
  | comparison           # NotOperand
  ;

comparison : additive comparisonTail* ;

comparisonTail
  : comparisonOp (ANY | ALL)? additive               # KnownComparison
  // Error production: an identifier (or `!word`) standing where an operator belongs.
  | (IDENT | BANG_WORD) ((ANY | ALL)? additive)?     # UnknownComparison
  ;

comparisonOp
  : EQ | NEQ | CI_EQ | CI_NEQ | LT | LE | GT | GE
  | IN | IN_CI | NOT_IN | NOT_IN_CI
  | CONTAINS | CONTAINS_CS | NOT_CONTAINS | NOT_CONTAINS_CS
  | STARTSWITH | STARTSWITH_CS | NOT_STARTSWITH | NOT_STARTSWITH_CS
  | ENDSWITH | ENDSWITH_CS | NOT_ENDSWITH | NOT_ENDSWITH_CS
  | MATCHES | MATCHES_CS | NOT_MATCHES | NOT_MATCHES_CS
  ;

additive : multiplicative ((PLUS | MINUS) multiplicative)* ;

multiplicative : unary ((STAR | SLASH | PERCENT) unary)* ;

unary
  : MINUS unary   # Negate
  | primary       # UnaryOperand
  ;

primary
  : literal                                                # LiteralExpr
  | LBRACKET (expr (COMMA expr)* COMMA?)? RBRACKET         # ListLiteral
  // One alternative for `(a)` and `(a, b)`, so that errors inside are reported where they
  // occur rather than as "no viable alternative" at the `(`.
  | LPAREN expr (COMMA expr)* COMMA? RPAREN                # Parenthesized
  // `count` is also the `count` stage's keyword; count() is still the aggregate.
  | callee LPAREN (expr (COMMA expr)*)? RPAREN             # CallExpr
  | fieldPath                                              # FieldExpr
  // `*`, every value of the event. Multiplication is infix, so a `*` that starts an operand
  // can only be this.
  | STAR                                                   # AllValuesExpr
  ;

callee : IDENT | COUNT ;

literal
  : INT | HEX_INT | FLOAT | DURATION | STRING | RAW_STRING | REGEX
  | TIMESTAMP | IPV4 | CIDR4 | IPV6 | CIDR6 | KW_TRUE | KW_FALSE | KW_NULL
  ;

fieldPath : name (DOT word)* ;

dottedName : name (DOT word)* ;

// A name that may start a field path, key a metadata entry or name a column.
name : IDENT | QUOTED_NAME | softKeyword ;

// After a dot any word is a name.
word : IDENT | QUOTED_NAME | softKeyword | reservedKeyword ;

softKeyword
  : RULE | SOURCE | LET | FROM | WHERE | PROJECT | EXTEND | SUMMARIZE | SORT | HEAD
  | WINDOW | SLIDING | TUMBLING | SESSION | AGGREGATE | SUPPRESS | SEQUENCE | ORDERED | WITHIN
  | UNTIL | TAIL | TOP | DISTINCT | COUNT | SAMPLE | SEED | TIMECHART
  ;

reservedKeyword
  : AND | OR | NOT | IN | CONTAINS | CONTAINS_CS | STARTSWITH | STARTSWITH_CS
  | ENDSWITH | ENDSWITH_CS | MATCHES | MATCHES_CS | KW_TRUE | KW_FALSE | KW_NULL
  | ANY | ALL | EXISTS | BY | ASC | DESC
  ;

// =======================================================================================
// Lexer. ANTLR takes the longest match, then the first rule listed: keywords precede IDENT,
// literal forms precede BAD_NUMBER, and ERROR_CHAR comes last.

WS : [ \t\r\n\f]+ -> skip ;
LINE_COMMENT : '//' ~[\r\n]* -> skip ;
BLOCK_COMMENT : '/*' .*? '*/' -> skip ;
// Cannot contain `*/`, so it only wins when the comment is never closed.
UNTERMINATED_COMMENT : '/*' (~'*' | '*'+ ~[*/])* '*'* ;
// `#` comments (YAML, shell, SPL habits) are not comments here; the token swallows the line so
// that the one error about it is the only one.
HASH_COMMENT : '#' ~[\r\n]* ;

// Reserved keywords.
AND : 'and' ;
OR : 'or' ;
NOT : 'not' ;
IN : 'in' ;
IN_CI : 'in~' ;
CONTAINS : 'contains' ;
CONTAINS_CS : 'contains_cs' ;
STARTSWITH : 'startswith' ;
STARTSWITH_CS : 'startswith_cs' ;
ENDSWITH : 'endswith' ;
ENDSWITH_CS : 'endswith_cs' ;
MATCHES : 'matches' ;
MATCHES_CS : 'matches_cs' ;
KW_TRUE : 'true' ;
KW_FALSE : 'false' ;
KW_NULL : 'null' ;
ANY : 'any' ;
ALL : 'all' ;
EXISTS : 'exists' ;
BY : 'by' ;
ASC : 'asc' ;
DESC : 'desc' ;

// Soft keywords.
RULE : 'rule' ;
SOURCE : 'source' ;
LET : 'let' ;
FROM : 'from' ;
WHERE : 'where' ;
PROJECT : 'project' ;
EXTEND : 'extend' ;
SUMMARIZE : 'summarize' ;
SORT : 'sort' ;
HEAD : 'head' ;
WINDOW : 'window' ;
SLIDING : 'sliding' ;
TUMBLING : 'tumbling' ;
SESSION : 'session' ;
AGGREGATE : 'aggregate' ;
SUPPRESS : 'suppress' ;
SEQUENCE : 'sequence' ;
ORDERED : 'ordered' ;
WITHIN : 'within' ;
UNTIL : 'until' ;
TAIL : 'tail' ;
TOP : 'top' ;
DISTINCT : 'distinct' ;
COUNT : 'count' ;
SAMPLE : 'sample' ;
SEED : 'seed' ;
TIMECHART : 'timechart' ;
// One token, so that `project-away` is never `project` minus `away`.
PROJECT_AWAY : 'project-away' ;

// Negated word operators: the `!` must touch the word.
NOT_IN : '!in' ;
NOT_IN_CI : '!in~' ;
NOT_CONTAINS : '!contains' ;
NOT_CONTAINS_CS : '!contains_cs' ;
NOT_STARTSWITH : '!startswith' ;
NOT_STARTSWITH_CS : '!startswith_cs' ;
NOT_ENDSWITH : '!endswith' ;
NOT_ENDSWITH_CS : '!endswith_cs' ;
NOT_MATCHES : '!matches' ;
NOT_MATCHES_CS : '!matches_cs' ;
// `!inside`, `!contians`: longer than NOT_IN/..., so a misspelling stays one token.
BANG_WORD : '!' ID_START ID_PART* ;

// Literals whose text starts like a number or a name; all longer than INT/IDENT.
TIMESTAMP : DATE ('T' TIME)? ;
CIDR4 : IPV4_ADDR '/' DIGITS ;
IPV4 : IPV4_ADDR ;
CIDR6 : IPV6_ADDR '/' DIGITS ;
IPV6 : IPV6_ADDR ;
DURATION : (DECIMAL DURATION_UNIT)+ ;
FLOAT : DIGITS '.' DIGITS EXPONENT? | DIGITS EXPONENT ;
HEX_INT : '0' [xX] HEX+ ;
INT : DIGITS ;
// `5min`, `12abc`: one token, reported as an invalid number. No dots, so that tags such as
// `car.2013.05.001` still lex as FLOAT DOT INT.
BAD_NUMBER : DIGITS [0-9A-Za-z_@$]+ ;

STRING
  : '"' (~["\\\r\n] | '\\' ~[\r\n])* '"'
  | '\'' (~['\\\r\n] | '\\' ~[\r\n])* '\''
  ;
RAW_STRING : 'r"' ~["\r\n]* '"' | 'r\'' ~['\r\n]* '\'' ;
REGEX : 're"' ~["\r\n]* '"' | 're\'' ~['\r\n]* '\'' ;
UNTERMINATED_STRING
  : '"' (~["\\\r\n] | '\\' ~[\r\n])* '\\'?
  | '\'' (~['\\\r\n] | '\\' ~[\r\n])* '\\'?
  | 'r"' ~["\r\n]* | 'r\'' ~['\r\n]*
  | 're"' ~["\r\n]* | 're\'' ~['\r\n]*
  ;

IDENT : ID_START ID_PART* ;
QUOTED_NAME : '`' (~[`\r\n] | '``')* '`' ;
UNTERMINATED_NAME : '`' (~[`\r\n] | '``')* ;

// Punctuation.
PIPE : '|' ;
COMMA : ',' ;
LPAREN : '(' ;
RPAREN : ')' ;
LBRACKET : '[' ;
BANG_LBRACKET : '![' ;
RBRACKET : ']' ;
LBRACE : '{' ;
RBRACE : '}' ;
COLON : ':' ;
ASSIGN : '=' ;
EQ : '==' ;
NEQ : '!=' ;
CI_EQ : '=~' ;
CI_NEQ : '!~' ;
LT : '<' ;
LE : '<=' ;
GT : '>' ;
GE : '>=' ;
PLUS : '+' ;
MINUS : '-' ;
STAR : '*' ;
SLASH : '/' ;
PERCENT : '%' ;
DOT : '.' ;
BANG : '!' ;

ERROR_CHAR : . ;

fragment ID_START : [A-Za-z_@$] ;
fragment ID_PART : [A-Za-z0-9_@$] ;
fragment DIGIT : [0-9] ;
fragment DIGITS : DIGIT+ ;
fragment HEX : [0-9a-fA-F] ;
fragment DECIMAL : DIGITS ('.' DIGITS)? ;
fragment EXPONENT : [eE] [+-]? DIGITS ;
fragment DURATION_UNIT : 'ns' | 'us' | 'ms' | 's' | 'm' | 'h' | 'd' | 'w' ;
fragment DATE : DIGIT DIGIT DIGIT DIGIT '-' DIGIT DIGIT '-' DIGIT DIGIT ;
fragment TIME
  : DIGIT DIGIT ':' DIGIT DIGIT (':' DIGIT DIGIT ('.' DIGITS)?)? ('Z' | [+-] DIGIT DIGIT ':' DIGIT DIGIT)?
  ;
fragment IPV4_ADDR : DIGITS '.' DIGITS '.' DIGITS '.' DIGITS ;
fragment H16 : HEX | HEX HEX | HEX HEX HEX | HEX HEX HEX HEX ;
fragment IPV6_TAIL : H16 | IPV4_ADDR ;
fragment IPV6_ADDR
  : H16 (':' H16)* '::' ((H16 ':')* IPV6_TAIL)?
  | '::' ((H16 ':')* IPV6_TAIL)?
  | H16 ':' H16 ':' H16 ':' H16 ':' H16 ':' H16 ':' (H16 ':' H16 | IPV4_ADDR)
  ;
