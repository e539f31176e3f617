/* binary-trees (the Computer Language Benchmarks Game): the reference for binary_trees.py.
 * Nodes come from malloc and every tree is freed after its walk.
 * usage: binary_trees [N] */
#include <stdio.h>
#include <stdlib.h>

enum { MIN_DEPTH = 4 };

struct node {
    struct node *left, *right;
};

static struct node *new_node(struct node *left, struct node *right) {
    struct node *node = malloc(sizeof *node);
    if (node == NULL) {
        perror("malloc");
        exit(1);
    }
    node->left = left;
    node->right = right;
    return node;
}

static struct node *bottom_up_tree(int depth) {
    if (depth == 0)
        return new_node(NULL, NULL);
    struct node *left = bottom_up_tree(depth - 1);
    return new_node(left, bottom_up_tree(depth - 1));
}

static long check(const struct node *node) {
    if (node->left == NULL || node->right == NULL)
        return 1;
    return 1 + check(node->left) + check(node->right);
}

static void free_tree(struct node *node) {
    if (node->left != NULL)
        free_tree(node->left);
    if (node->right != NULL)
        free_tree(node->right);
    free(node);
}

int main(int argc, char **argv) {
    int n = argc > 1 ? atoi(argv[1]) : 16;
    int max_depth = n > MIN_DEPTH + 2 ? n : MIN_DEPTH + 2;
    int stretch_depth = max_depth + 1;

    struct node *stretch = bottom_up_tree(stretch_depth);
    printf("stretch tree of depth %d\t check: %ld\n", stretch_depth, check(stretch));
    free_tree(stretch);

    struct node *long_lived_tree = bottom_up_tree(max_depth);

    for (int depth = MIN_DEPTH; depth <= max_depth; depth += 2) {
        long iterations = 1L << (max_depth - depth + MIN_DEPTH);
        long total = 0;
        for (long i = 0; i < iterations; i++) {
            struct node *tree = bottom_up_tree(depth);
            total += check(tree);
            free_tree(tree);
        }
        printf("%ld\t trees of depth %d\t check: %ld\n", iterations, depth, total);
    }

    printf("long lived tree of depth %d\t check: %ld\n", max_depth, check(long_lived_tree));
    free_tree(long_lived_tree);
    return 0;
}
