#ifndef CASELOG_CLMDB_SHIM_H
#define CASELOG_CLMDB_SHIM_H
#include <lmdb.h>
#endif
#include <malloc.h>
