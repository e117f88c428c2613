/* The strictest honest baseline for durable writes: one writer thread on LMDB's C API, each
 * transaction one 200-byte value under an 8-byte big-endian key, committed durably (LMDB's
 * default: fsync of the data file, then of the meta page). Prints the commits per second over
 * the given number of seconds.
 *
 *   raw-durable-commits DIR SECONDS
 */
#include <lmdb.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

static double now(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec + t.tv_nsec / 1e9;
}

static void check(int rc, const char *what) {
    if (rc != 0) { fprintf(stderr, "raw-durable-commits: %s: %s\n", what, mdb_strerror(rc)); exit(1); }
}

int main(int argc, char **argv) {
    if (argc != 3) { fprintf(stderr, "usage: raw-durable-commits DIR SECONDS\n"); return 64; }
    double seconds = atof(argv[2]);
    mkdir(argv[1], 0700);
    MDB_env *env;
    check(mdb_env_create(&env), "creating the environment");
    check(mdb_env_set_mapsize(env, (size_t)1 << 32), "setting the map size");
    check(mdb_env_open(env, argv[1], 0, 0600), "opening");
    MDB_dbi dbi;
    MDB_txn *txn;
    check(mdb_txn_begin(env, NULL, 0, &txn), "beginning");
    check(mdb_dbi_open(txn, NULL, 0, &dbi), "opening the database");
    check(mdb_txn_commit(txn), "committing");
    char value[200];
    memset(value, 'x', sizeof value);
    uint64_t count = 0;
    double start = now(), end = start + seconds, t = start;
    while (t < end) {
        unsigned char key[8];
        for (int i = 0; i < 8; i++) key[i] = (unsigned char)(count >> (56 - 8 * i));
        MDB_val k = { sizeof key, key }, v = { sizeof value, value };
        check(mdb_txn_begin(env, NULL, 0, &txn), "beginning");
        check(mdb_put(txn, dbi, &k, &v, MDB_APPEND), "putting");
        check(mdb_txn_commit(txn), "committing");
        count++;
        t = now();
    }
    printf("%.0f\n", count / (t - start));
    mdb_env_close(env);
    return 0;
}
