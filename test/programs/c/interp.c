/* A small Forth-like interpreter: source text is tokenized and compiled to threaded bytecode
 * (colon definitions, IF/ELSE/THEN, BEGIN/UNTIL, DO/LOOP, variables), then run: primes, Fibonacci,
 * GCD, factorial, Collatz, and a recursive Ackermann. */
#include "rt.h"

enum op { LIT, CALL, RET, JMP, JZ, ADD, SUB, MUL, DIV, MOD, DUP, DROP, SWAP, OVER, ROT, LT, GT, EQ,
          AND, OR, XOR, NOT, DOT, EMIT, CR, FETCH, STORE, DO, LOOP, I, J, TOR, FROMR, HALT, NOPS };
static const char *prims[] = { 0, 0, ";", 0, 0, "+", "-", "*", "/", "mod", "dup", "drop", "swap", "over", "rot",
                               "<", ">", "=", "and", "or", "xor", "0=", ".", "emit", "cr", "@", "!", 0, 0, "i", "j", ">r", "r>" };

static i64 code[8192];
static int here;
static struct { char name[16]; int addr; int var; } dict[128];
static int ndict;
static i64 mem[256];
static int nvars;
static i64 ds[256], rs[256];
static long steps;

static const char *src;
static char tok[32];

static int next_token(void) {
    while (*src == ' ' || *src == '\n' || *src == '\t') src++;
    if (!*src) return 0;
    int n = 0;
    while (*src && *src != ' ' && *src != '\n' && *src != '\t') { if (n < 31) tok[n++] = *src; src++; }
    tok[n] = 0;
    if (!strcmp(tok, "(")) { while (*src && *src != ')') src++; if (*src) src++; return next_token(); }
    return 1;
}

static int is_number(const char *s, i64 *v) {
    int neg = 0; i64 x = 0;
    if (*s == '-' && s[1]) { neg = 1; s++; }
    if (!*s) return 0;
    for (; *s; s++) { if (*s < '0' || *s > '9') return 0; x = x * 10 + (*s - '0'); }
    *v = neg ? -x : x;
    return 1;
}

static int find(const char *name) { for (int i = ndict - 1; i >= 0; i--) if (!strcmp(dict[i].name, name)) return i; return -1; }

/* Compiles the whole program; top-level words go into the "main" body that starts at `entry`. */
static int compile(const char *text) {
    static int cstack[64]; int csp = 0;
    static i64 topcode[2048]; int ntop = 0;
    i64 *out = topcode; int *pos = &ntop;
    int in_def = 0;
    src = text;
    while (next_token()) {
        i64 v;
        if (!strcmp(tok, ":")) { next_token(); strcpy(dict[ndict].name, tok); dict[ndict].addr = here; dict[ndict].var = 0; ndict++; out = code; pos = &here; in_def = 1; continue; }
        if (!strcmp(tok, ";")) { out[(*pos)++] = RET; out = topcode; pos = &ntop; in_def = 0; continue; }
        if (!strcmp(tok, "variable")) { next_token(); strcpy(dict[ndict].name, tok); dict[ndict].addr = nvars++; dict[ndict].var = 1; ndict++; continue; }
        if (!strcmp(tok, "if")) { out[(*pos)++] = JZ; cstack[csp++] = *pos; out[(*pos)++] = 0; continue; }
        if (!strcmp(tok, "else")) { out[(*pos)++] = JMP; int p = *pos; out[(*pos)++] = 0; out[cstack[--csp]] = *pos; cstack[csp++] = p; continue; }
        if (!strcmp(tok, "then")) { out[cstack[--csp]] = *pos; continue; }
        if (!strcmp(tok, "begin")) { cstack[csp++] = *pos; continue; }
        if (!strcmp(tok, "until")) { out[(*pos)++] = JZ; out[(*pos)++] = cstack[--csp]; continue; }
        if (!strcmp(tok, "do")) { out[(*pos)++] = DO; cstack[csp++] = *pos; continue; }
        if (!strcmp(tok, "loop")) { out[(*pos)++] = LOOP; out[(*pos)++] = cstack[--csp]; continue; }
        int d = find(tok);
        if (d >= 0) {
            if (dict[d].var) { out[(*pos)++] = LIT; out[(*pos)++] = dict[d].addr; }
            else { out[(*pos)++] = CALL; out[(*pos)++] = dict[d].addr; }
            continue;
        }
        int k;
        for (k = 0; k < (int)(sizeof prims / sizeof prims[0]); k++) if (prims[k] && !strcmp(prims[k], tok)) break;
        if (k < (int)(sizeof prims / sizeof prims[0])) { out[(*pos)++] = k; continue; }
        if (is_number(tok, &v)) { out[(*pos)++] = LIT; out[(*pos)++] = v; continue; }
        printf("unknown word '%s'\n", tok);
        return -1;
    }
    (void)in_def;
    topcode[ntop++] = HALT;
    int entry = here;
    memcpy(code + here, topcode, (size_t)ntop * sizeof(i64));
    /* Top-level code was compiled with addresses relative to topcode: relocate jumps. */
    for (int p = 0; p < ntop;) {
        i64 o = code[entry + p];
        if (o == JMP || o == JZ || o == LOOP) { code[entry + p + 1] += entry; p += 2; }
        else if (o == LIT || o == CALL) p += 2; else p++;
    }
    here += ntop;
    return entry;
}

static void run(int pc) {
    int sp = 0, rp = 0;
    for (;;) {
        steps++;
        i64 o = code[pc++], a;
        switch (o) {
        case LIT: ds[sp++] = code[pc++]; break;
        case CALL: rs[rp++] = pc + 1; pc = (int)code[pc]; break;
        case RET: pc = (int)rs[--rp]; break;
        case JMP: pc = (int)code[pc]; break;
        case JZ: pc = ds[--sp] ? pc + 1 : (int)code[pc]; break;
        case ADD: sp--; ds[sp - 1] += ds[sp]; break;
        case SUB: sp--; ds[sp - 1] -= ds[sp]; break;
        case MUL: sp--; ds[sp - 1] *= ds[sp]; break;
        case DIV: sp--; ds[sp - 1] /= ds[sp]; break;
        case MOD: sp--; ds[sp - 1] %= ds[sp]; break;
        case DUP: ds[sp] = ds[sp - 1]; sp++; break;
        case DROP: sp--; break;
        case SWAP: a = ds[sp - 1]; ds[sp - 1] = ds[sp - 2]; ds[sp - 2] = a; break;
        case OVER: ds[sp] = ds[sp - 2]; sp++; break;
        case ROT: a = ds[sp - 3]; ds[sp - 3] = ds[sp - 2]; ds[sp - 2] = ds[sp - 1]; ds[sp - 1] = a; break;
        case LT: sp--; ds[sp - 1] = -(ds[sp - 1] < ds[sp]); break;
        case GT: sp--; ds[sp - 1] = -(ds[sp - 1] > ds[sp]); break;
        case EQ: sp--; ds[sp - 1] = -(ds[sp - 1] == ds[sp]); break;
        case AND: sp--; ds[sp - 1] &= ds[sp]; break;
        case OR: sp--; ds[sp - 1] |= ds[sp]; break;
        case XOR: sp--; ds[sp - 1] ^= ds[sp]; break;
        case NOT: ds[sp - 1] = -(ds[sp - 1] == 0); break;
        case DOT: printf("%lld ", ds[--sp]); break;
        case EMIT: putc_uart((char)ds[--sp]); break;
        case CR: putc_uart('\n'); break;
        case FETCH: ds[sp - 1] = mem[ds[sp - 1]]; break;
        case STORE: mem[ds[sp - 1]] = ds[sp - 2]; sp -= 2; break;
        case DO: rs[rp++] = ds[sp - 1]; rs[rp++] = ds[sp - 2]; sp -= 2; break;   /* ( limit start -- ) */
        case LOOP: if (++rs[rp - 2] < rs[rp - 1]) pc = (int)code[pc]; else { rp -= 2; pc++; } break;
        case I: ds[sp++] = rs[rp - 2]; break;
        case J: ds[sp++] = rs[rp - 4]; break;
        case TOR: rs[rp++] = ds[--sp]; break;
        case FROMR: ds[sp++] = rs[--rp]; break;
        case HALT: if (sp) printf("<stack depth %d>\n", sp); return;
        default: printf("bad opcode %lld at %d\n", o, pc - 1); return;
        }
    }
}

static const char program[] =
    "( primes by trial division ) \n"
    ": prime? ( n -- f ) dup 2 < if drop 0 else dup 4 < if drop 1 else 1 swap dup 2 do dup i mod 0= if swap drop 0 swap then loop drop then then ; \n"
    ": primes ( n -- ) 0 do i prime? if i . then loop cr ; \n"
    "100 primes \n"
    ": fib ( n -- f ) dup 2 < if else dup 1 - fib swap 2 - fib + then ; \n"
    ": fibs 0 do i fib . loop cr ; 20 fibs \n"
    ": gcd ( a b -- g ) begin swap over mod dup 0= until drop ; \n"
    "1071 462 gcd . 17 5 gcd . 1000000007 998244353 gcd . cr \n"
    ": fact ( n -- n! ) 1 swap 1 + 1 do i * loop ; 20 fact . 10 fact . cr \n"
    "variable maxlen variable arg \n"
    ": collatz ( n -- steps ) 0 swap begin dup 1 = if 1 else dup 2 mod if 3 * 1 + else 2 / then swap 1 + swap 0 then until drop ; \n"
    ": longest 0 maxlen ! 300 1 do i collatz dup maxlen @ > if maxlen ! i arg ! else drop then loop arg @ . maxlen @ . cr ; longest \n"
    ": ack ( m n -- a ) over 0= if swap drop 1 + else dup 0= if drop 1 - 1 ack else over swap 1 - ack swap 1 - swap ack then then ; \n"
    "2 3 ack . 3 3 ack . cr \n"
    ": table 5 1 do 5 1 do i j * . loop 124 emit loop cr ; table \n"
    "72 emit 105 emit 33 emit cr \n";

int main(void) {
    int entry = compile(program);
    if (entry < 0) return 1;
    printf("compiled %d cells, %d words\n", here, ndict);
    run(entry);
    printf("steps=%ld\n", steps);
    return 0;
}
