// Generic lexer for Apache httpd configuration syntax.
//
// Input contract: the text of one file after physical lines have been joined into logical lines
// (ap_cfg_getline: a backslash before the line break joins the next line verbatim, CR before LF
// is dropped). Logical lines are separated by a single LF. Joining happens before this lexer
// because httpd joins before it tokenizes: an escape pair can straddle a continuation.
//
// Tokenizing follows ap_getword_conf: arguments are separated by whitespace; a token that starts
// with a quote runs to the next unescaped quote of the same kind. Which backslashes are escapes
// is decided when the value is computed, not here; this lexer only has to find token boundaries
// exactly where httpd finds them. There are no tokens per directive: the directive catalogue is
// data, not grammar.
lexer grammar HttpdConfLexer;

// ---- line start ----------------------------------------------------------------------------

// A comment is a logical line whose first non-blank character is '#'. There are no end-of-line
// comments in httpd: '#' anywhere else is ordinary data.
COMMENT : '#' ~[\n]* ;

NEWLINE : '\n' ;

BLANK : [ \t\r\f\u000B]+ -> skip ;

// "</Name>" and whatever follows on the line (httpd ignores the rest of a closing-tag line).
CLOSE_TAG : '</' ~[ \t\r\n\f\u000B]* -> pushMode(TRAILER) ;

// "<Name" of an opening section tag; its arguments run to the last '>' of the line.
OPEN_TAG : '<' ~[/ \t\r\n\f\u000B] ~[ \t\r\n\f\u000B]* -> pushMode(SECTION_HEAD) ;
OPEN_TAG_BARE : '<' -> type(OPEN_TAG), pushMode(SECTION_HEAD) ;

DIRECTIVE_DQ : DQ_BODY -> type(DQUOTED), pushMode(ARGUMENTS) ;
DIRECTIVE_SQ : SQ_BODY -> type(SQUOTED), pushMode(ARGUMENTS) ;
DIRECTIVE_WORD : WORD_BODY -> type(WORD), pushMode(ARGUMENTS) ;

// ---- fragments shared by all modes ---------------------------------------------------------

// Inside quotes a backslash escapes only a backslash or the same quote; any other backslash is
// literal. The alternatives are disjoint so that the longest match is httpd's left-to-right scan.
fragment DQ_BODY : '"' ( '\\' [\\"] | '\\' ~[\\"\n] | ~["\\\n] )* '\\'? '"'? ;
fragment SQ_BODY : '\'' ( '\\' [\\'] | '\\' ~[\\'\n] | ~['\\\n] )* '\\'? '\''? ;
fragment WORD_BODY : ~[ \t\r\n\f\u000B"'] ~[ \t\r\n\f\u000B]* ;

// ---- directive arguments -------------------------------------------------------------------

mode ARGUMENTS;

ARGS_NEWLINE : '\n' -> type(NEWLINE), popMode ;
ARGS_BLANK : [ \t\r\f\u000B]+ -> skip ;
DQUOTED : DQ_BODY ;
SQUOTED : SQ_BODY ;
WORD : WORD_BODY ;

// ---- opening section tag -------------------------------------------------------------------

mode SECTION_HEAD;

HEAD_NEWLINE : '\n' -> type(NEWLINE), popMode ;
HEAD_BLANK : [ \t\r\f\u000B]+ -> skip ;
// Everything up to and including the last '>' of the line, then whatever follows it (ignored by
// httpd). Longest match makes this stop at the last '>', not the first.
HEAD_ARGUMENTS : ~[\n]* '>' ~[>\n]* ;
// An opening tag whose line has no '>' at all: httpd says the directive is missing its '>'.
HEAD_UNTERMINATED : ~[>\n]+ ;

// ---- rest of a closing-tag line ------------------------------------------------------------

mode TRAILER;

TRAILER_NEWLINE : '\n' -> type(NEWLINE), popMode ;
TRAILER_TEXT : ~[\n]+ ;
