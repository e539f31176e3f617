/* Word count: the reference for wordcount.py. The same generated text, counted in an
 * open-addressing hash table (FNV-1a) of malloc'd words, ranked with qsort.
 * usage: wordcount [LINES] */
#include <ctype.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { VOCABULARY = 5000, WORDS_PER_LINE = 12 };

static uint32_t state = 42;

static uint32_t below(uint32_t bound) {
    state = (state * 1103515245u + 12345u) & 0x7FFFFFFFu;
    return (state >> 8) % bound;
}

static void *xmalloc(size_t size) {
    void *p = malloc(size);
    if (p == NULL) {
        perror("malloc");
        exit(1);
    }
    return p;
}

static char **make_text(long lines) {
    static char *vocabulary[VOCABULARY];
    for (int w = 0; w < VOCABULARY; w++) {
        int length = 2 + (int)below(8);
        char *word = xmalloc((size_t)length + 1);
        for (int i = 0; i < length; i++)
            word[i] = (char)('a' + below(26));
        word[length] = '\0';
        vocabulary[w] = word;
    }
    char **text = xmalloc((size_t)lines * sizeof *text);
    for (long l = 0; l < lines; l++) {
        const char *words[WORDS_PER_LINE];
        size_t size = 0;
        for (int w = 0; w < WORDS_PER_LINE; w++) {
            uint32_t rank = below(VOCABULARY);
            words[w] = vocabulary[rank * rank / VOCABULARY];
            size += strlen(words[w]) + 1;
        }
        char *line = xmalloc(size + 1), *p = line;
        for (int w = 0; w < WORDS_PER_LINE; w++) {
            if (w > 0)
                *p++ = ' ';
            size_t n = strlen(words[w]);
            memcpy(p, words[w], n);
            p += n;
        }
        *p++ = '.';
        *p = '\0';
        line[0] = (char)toupper((unsigned char)line[0]);
        text[l] = line;
    }
    return text;
}

struct entry {
    char *word;
    size_t length;
    uint64_t hash;
    long count;
};

struct table {
    struct entry *slots;
    size_t capacity, used;
};

static uint64_t fnv1a(const char *s, size_t n) {
    uint64_t h = 0xcbf29ce484222325u;
    for (size_t i = 0; i < n; i++)
        h = (h ^ (unsigned char)s[i]) * 0x100000001b3u;
    return h;
}

static void grow(struct table *t) {
    struct entry *old = t->slots;
    size_t old_capacity = t->capacity;
    t->capacity = old_capacity ? old_capacity * 2 : 1024;
    t->slots = calloc(t->capacity, sizeof *t->slots);
    if (t->slots == NULL) {
        perror("calloc");
        exit(1);
    }
    for (size_t i = 0; i < old_capacity; i++) {
        if (old[i].word == NULL)
            continue;
        size_t j = old[i].hash & (t->capacity - 1);
        while (t->slots[j].word != NULL)
            j = (j + 1) & (t->capacity - 1);
        t->slots[j] = old[i];
    }
    free(old);
}

static void count_word(struct table *t, const char *word, size_t n) {
    if (2 * (t->used + 1) > t->capacity)
        grow(t);
    uint64_t h = fnv1a(word, n);
    size_t j = h & (t->capacity - 1);
    for (;; j = (j + 1) & (t->capacity - 1)) {
        struct entry *e = &t->slots[j];
        if (e->word == NULL) {
            e->word = xmalloc(n + 1);
            memcpy(e->word, word, n);
            e->word[n] = '\0';
            e->length = n;
            e->hash = h;
            e->count = 1;
            t->used++;
            return;
        }
        if (e->hash == h && e->length == n && memcmp(e->word, word, n) == 0) {
            e->count++;
            return;
        }
    }
}

static int is_strip(char c) {
    return c != '\0' && strchr(".,;:!?", c) != NULL;
}

static void count_words(struct table *t, char **text, long lines) {
    for (long l = 0; l < lines; l++) {
        char *lower = xmalloc(strlen(text[l]) + 1), *p = lower;
        for (const char *s = text[l]; (*p = (char)tolower((unsigned char)*s)) != '\0'; s++)
            p++;
        for (p = lower;;) {
            while (isspace((unsigned char)*p))
                p++;
            if (*p == '\0')
                break;
            char *start = p;
            while (*p != '\0' && !isspace((unsigned char)*p))
                p++;
            char *end = p;
            while (start < end && is_strip(*start))
                start++;
            while (end > start && is_strip(end[-1]))
                end--;
            count_word(t, start, (size_t)(end - start));
        }
        free(lower);
    }
}

static int by_count_then_word(const void *a, const void *b) {
    const struct entry *x = a, *y = b;
    if (x->count != y->count)
        return x->count > y->count ? -1 : 1;
    return strcmp(x->word, y->word);
}

int main(int argc, char **argv) {
    long lines = argc > 1 ? atol(argv[1]) : 200000;
    char **text = make_text(lines);
    struct table table = {NULL, 0, 0};
    count_words(&table, text, lines);

    struct entry *ranking = xmalloc((table.used + 1) * sizeof *ranking);
    size_t distinct = 0;
    long total = 0;
    for (size_t i = 0; i < table.capacity; i++) {
        if (table.slots[i].word != NULL) {
            ranking[distinct++] = table.slots[i];
            total += table.slots[i].count;
        }
    }
    qsort(ranking, distinct, sizeof *ranking, by_count_then_word);
    printf("%ld words, %zu distinct\n", total, distinct);
    for (size_t i = 0; i < distinct && i < 10; i++)
        printf("%8ld %s\n", ranking[i].count, ranking[i].word);
    return 0;
}
