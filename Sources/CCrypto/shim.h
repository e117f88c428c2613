// SHA-256 through OpenSSL 3's EVP interface (EVP_MD_fetch, EVP_Digest*), and its error queue
// for the reason when it fails: the only parts of libcrypto caselog uses.
#include <openssl/crypto.h>
#include <openssl/err.h>
#include <openssl/evp.h>
