#ifndef CASELOG_CSQLITE_SHIM_H
#define CASELOG_CSQLITE_SHIM_H
#include <sqlite3.h>
#endif
