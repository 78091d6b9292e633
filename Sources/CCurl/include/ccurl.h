#ifndef CCURL_H
#define CCURL_H
/* libcurl, loaded on first use. The types and constants come from <curl/curl.h>; the library
 * itself is opened with dlopen the first time a transfer is made, so a process that never
 * makes an HTTP request (an idle executor, the planner) never maps libcurl and the TLS, LDAP
 * and Kerberos libraries it pulls in. */
#include <curl/curl.h>
#include <stddef.h>

/* Opens libcurl and runs curl_global_init once. Answers 1 when it is usable; otherwise 0 and
 * the reason (for example "libcurl.so.4: cannot open shared object file") in `error`. */
int ccurl_load(char *error, size_t error_size);

/* The libcurl calls the client uses; call only after ccurl_load answered 1. curl_easy_setopt
 * and curl_easy_getinfo are variadic, which Swift cannot call; these give them fixed types. */
CURL *ccurl_easy_init(void);
void ccurl_easy_cleanup(CURL *handle);
CURLcode ccurl_easy_perform(CURL *handle);
const char *ccurl_easy_strerror(CURLcode code);
struct curl_slist *ccurl_slist_append(struct curl_slist *list, const char *line);
void ccurl_slist_free_all(struct curl_slist *list);
CURLcode ccurl_setopt_long(CURL *handle, CURLoption option, long value);
CURLcode ccurl_setopt_string(CURL *handle, CURLoption option, const char *value);
CURLcode ccurl_setopt_pointer(CURL *handle, CURLoption option, void *value);
CURLcode ccurl_getinfo_long(CURL *handle, CURLINFO info, long *value);
CURLcode ccurl_getinfo_string(CURL *handle, CURLINFO info, char **value);

#endif
