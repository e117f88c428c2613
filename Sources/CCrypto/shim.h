// SHA-256 through OpenSSL 3's EVP interface (EVP_MD_fetch, EVP_Digest*): the only part of
// libcrypto caselog uses.
#include <openssl/evp.h>
