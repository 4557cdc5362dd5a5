// Array expressions as numpy users write them: `wind_speed = sqrt(u10**2 + v10**2)`.
// Precedence, highest first: ** (right-associative, so -x**2 is -(x**2)), unary - + ~,
// * /, + -, comparisons, not, & and, | or. Unlike Python, & and | bind looser than the
// comparisons, so `t > 300 & tp > 0` means (t > 300) & (tp > 0), as users mean it.
grammar Expression;

assignment : target=name '=' expr EOF ;

formula : expr EOF ;

expr
  : <assoc=right> expr op=('**' | '^') expr                  # power
  | op=('-' | '+' | '~') expr                                # unary
  | expr op=('*' | '/') expr                                 # multiply
  | expr op=('+' | '-') expr                                 # add
  | expr op=('<' | '<=' | '>' | '>=' | '==' | '!=') expr     # compare
  | op=NOT expr                                              # not
  | expr op=('&' | AND) expr                                 # and
  | expr op=('|' | OR) expr                                  # or
  | function=name '(' (expr (',' expr)*)? ')'                # call
  | name                                                     # variable
  | NUMBER                                                   # number
  | '(' expr ')'                                             # parens
  ;

// np.sqrt, np.nan: numpy's prefix is accepted and dropped
name : (prefix=IDENT '.')? id=IDENT | quoted=QUOTED ;

NOT : 'not' ;
AND : 'and' ;
OR : 'or' ;
NUMBER : ([0-9]+ ('.' [0-9]*)? | '.' [0-9]+) ([eE] [+-]? [0-9]+)? ;
IDENT : [a-zA-Z_] [a-zA-Z_0-9]* ;
QUOTED : '`' ~[`]+ '`' ;
WS : [ \t\r\n]+ -> skip ;
