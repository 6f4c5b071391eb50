// tokenizer.hb - a tokenizer for a small language, run over the same text R times.
//
//   hobbyc --run tokenizer.hb -- R      (R = repetitions, 20 by default)
//
// The text (below, in main) has 16 tokens: let x1 = 42 + y * ( 7 - z ) ; print x1 ;
// and next() also returns an end-of-file token, so each pass makes 17 tokens.
//
// Heap accounting (Token = class id + kind + text (16 B) + line = 40 bytes; Lexer = class id +
// src (16 B) + pos + line = 40 B; [Token](64) = 512 B; [int](8) = 64 B; the keyword table
// ["let", "print", "if"] = 3 x 16 = 48 B):
//   analysis off - keywords 1; counts 1; per pass: the lexer 1, the token array 1, 17 tokens
//     = 19R + 2 allocations, (40 + 512 + 17 x 40)R + 48 + 64 = 1232R + 112 bytes
//   analysis on - keywords (a global) 1; the 17 tokens of each pass: next() returns them.
//     counts, each pass's lexer and token array stay in main's frame: the lexer's methods read
//     its fields, and storing tokens into the array sends the tokens (not the array) to the heap
//     = 17R + 1 allocations, 680R + 48 bytes
// EXPECT off: 19R+2 allocations, 1232R+112 bytes
// EXPECT on: 17R+1 allocations, 680R+48 bytes
// EXPECT R = 20

class Token {
    kind: int;
    text: string;
    line: int;
}

var keywords = ["let", "print", "if"];  //! heap: stored in a global

fun isKeyword(s: string): bool {
    for k in keywords {
        if k == s {
            return true;
        }
    }
    return false;
}

fun isDigit(c: int): bool {
    return c >= 48 && c <= 57;
}

fun isLetter(c: int): bool {
    return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c == 95;
}

// token kinds
fun EOF(): int { return 0; }
fun IDENT(): int { return 1; }
fun KEYWORD(): int { return 2; }
fun NUMBER(): int { return 3; }
fun OP(): int { return 4; }

class Lexer {
    src: string;
    pos: int;
    line: int;

    fun peek(): int {
        if this.pos >= len(this.src) {
            return 0;
        }
        return at(this.src, this.pos);
    }

    fun next(): Token {
        var c = this.peek();
        while c == 32 || c == 10 {
            if c == 10 {
                this.line = this.line + 1;
            }
            this.pos = this.pos + 1;
            c = this.peek();
        }
        var start = this.pos;
        var kind = OP();
        if c == 0 {
            kind = EOF();
        } else if isDigit(c) {
            kind = NUMBER();
            while isDigit(this.peek()) {
                this.pos = this.pos + 1;
            }
        } else if isLetter(c) {
            kind = IDENT();
            while isLetter(this.peek()) || isDigit(this.peek()) {
                this.pos = this.pos + 1;
            }
        } else {
            this.pos = this.pos + 1;
        }
        var text = substr(this.src, start, this.pos);
        if kind == IDENT() && isKeyword(text) {
            kind = KEYWORD();
        }
        return new Token{kind: kind, text: text, line: this.line};  //! heap: returned
    }
}

fun main() {
    var reps = arg(1, 20);
    var src = "let x1 = 42 + y * (7 - z);\nprint x1;\n";
    var counts = new [int](8);  //! stack: only indexed
    var last = "";
    var lastLine = 0;
    for r in 0 .. reps {
        var lx = new Lexer{src: src, pos: 0, line: 1};  //! stack: per pass
        var toks = new [Token](64);  //! stack: storing tokens sends the tokens to the heap, not the array
        var n = 0;
        while true {
            var t = lx.next();
            if t.kind == EOF() {
                break;
            }
            toks[n] = t;
            n = n + 1;
            counts[t.kind] = counts[t.kind] + 1;
        }
        last = toks[n - 1].text;
        lastLine = toks[n - 1].line;
        if r == 0 {
            for i in 0 .. n {
                print(toks[i].kind, toks[i].text, toks[i].line);
            }
        }
    }
    print("idents", counts[IDENT()], "keywords", counts[KEYWORD()], "numbers", counts[NUMBER()], "ops", counts[OP()]);
    print("last", last, lastLine);
}
