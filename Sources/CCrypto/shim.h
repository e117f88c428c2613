// SHA-256 from OpenSSL's libcrypto (3.0 or later), AES-256-GCM through EVP and RAND_bytes for
// the key store (EventLog/Keys), HMAC-SHA-256 (the one-shot HMAC()) for its blind index, and its error queue for the reason when it fails: the only parts
// of libcrypto caselog uses.
//
// SHA256_Init/Update/Final are marked deprecated in OpenSSL 3.0 in favour of EVP, but are kept
// in every 3.x release and go to the same assembly (SHA extensions where the CPU has them);
// EVP's provider dispatch costs about a fifth of a 400-byte digest, which the log pays for
// every record it writes. Asking for the 1.1.1 API keeps them free of deprecation warnings.
#define OPENSSL_API_COMPAT 10101
#include <openssl/crypto.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/rand.h>
#include <openssl/sha.h>
