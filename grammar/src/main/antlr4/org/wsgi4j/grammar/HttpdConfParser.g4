// Generic parser for Apache httpd configuration syntax: a file is a sequence of logical lines,
// each blank, a comment, a directive, an opening section tag or a closing section tag.
//
// Section nesting is deliberately not a grammar rule. httpd matches closing tags by name,
// case-insensitively, reports its own messages for mismatched, stray and unclosed tags, and skips
// the bodies of false conditional sections without looking at their nesting; the syntax tree
// builder reproduces that, which a grammar rule with generic error recovery could not.
parser grammar HttpdConfParser;

options { tokenVocab = HttpdConfLexer; }

configFile : line* EOF ;

line
    : COMMENT NEWLINE?                                   # commentLine
    | name=argument arguments+=argument* NEWLINE?        # directiveLine
    | OPEN_TAG head=sectionHead? NEWLINE?                # openTagLine
    | CLOSE_TAG TRAILER_TEXT? NEWLINE?                   # closeTagLine
    | NEWLINE                                            # blankLine
    ;

sectionHead : HEAD_ARGUMENTS | HEAD_UNTERMINATED ;

argument : WORD | DQUOTED | SQUOTED ;

// Entry point for text that is tokenized on its own: a section head's arguments (the text before
// its last '>') and a line after ${VAR} substitution.
argumentList : argument* EOF ;
