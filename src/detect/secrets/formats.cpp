#include "detect/secrets/formats.h"

namespace bulwark::detect::secrets {
namespace {

// A format with a distinctive prefix or shape: the regex alone decides.
SecretFormat tok(std::string_view subtype, std::string_view regex, int severity, std::string_view how) {
  return {subtype, regex, Family::kToken, severity, Check::kNone, 0.0, false, true, how};
}

// A format without a prefix of its own: the regex requires a context keyword and an
// assignment before the value (group 1), and the value must look random.
SecretFormat ctx(std::string_view subtype, std::string_view regex, int severity, double min_entropy,
                 std::string_view how) {
  return {subtype, regex, Family::kToken, severity, Check::kEntropy, min_entropy, true, false, how};
}

SecretFormat pre(SecretFormat f, std::string_view prefilter) {
  f.prefilter = prefilter;
  return f;
}

SecretFormat with(SecretFormat f, Check check) {
  f.check = check;
  return f;
}

// Generic assignments: a keyword, an assignment operator, a value (group 1).
SecretFormat gen(std::string_view subtype, std::string_view regex, int severity, double min_entropy,
                 Check check, std::string_view how) {
  return {subtype, regex, Family::kGeneric, severity, check, min_entropy, true, false, how};
}

// A generic value: does not start with '=' (comparisons) and stops at quotes, separators,
// brackets and whitespace.
#define VALUE_FIRST R"re([^\s"'`,;&<>(){}=\[\]\\])re"
#define VALUE_REST R"re([^\s"'`,;&<>(){}\[\]\\])re"

std::vector<SecretFormat> build() {
  std::vector<SecretFormat> f = {
      // Private keys first: their bodies may contain anything.
      with(tok("private_key",
               R"re(-----BEGIN (?:RSA |EC |DSA |ENCRYPTED |)PRIVATE KEY-----)re", 7,
               "PEM `BEGIN [RSA|EC|DSA|ENCRYPTED] PRIVATE KEY` line followed by a base64 body; span runs to the END line"),
           Check::kPrivateKey),
      with(tok("ssh_private_key",
               R"re(-----BEGIN OPENSSH PRIVATE KEY-----|---- BEGIN SSH2 ENCRYPTED PRIVATE KEY ----|PuTTY-User-Key-File-[23]: [a-z0-9-]{3,30})re",
               7, "OpenSSH, SSH2 and PuTTY private key headers followed by a key body"),
           Check::kPrivateKey),
      with(tok("pgp_private_key", R"re(-----BEGIN PGP PRIVATE KEY BLOCK-----)re", 7,
               "ASCII-armoured PGP private key block with a body"),
           Check::kPrivateKey),
      with(tok("jwt", R"re(\beyJ[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]{16,})re", 6,
               "three base64url parts; the header must decode to JSON with `alg`"),
           Check::kJwt),
      // Connection strings and URLs with embedded credentials.
      tok("azure_storage_key",
          R"re(AccountKey=[A-Za-z0-9/+]{86}==)re", 7,
          "`AccountKey=` + 88-character base64 key (storage connection strings)"),
      pre(tok("azure_sas_token",
          R"re(\bsv=20[0-9]{2}-[0-9]{2}-[0-9]{2}&[A-Za-z0-9%&=:._-]{0,300}sig=[A-Za-z0-9%/+=]{40,100})re", 6,
          "SAS query string: `sv=YYYY-MM-DD&...&sig=` + signature"), R"re(\bsv=20[0-9]{2}-[0-9]{2}-[0-9]{2}&)re"),
      pre(with(tok("database_url",
               R"re(\b(?:postgres(?:ql)?|mysql|mariadb|mongodb(?:\+srv)?|rediss?|amqps?|mssql|sqlserver|jdbc:[a-z]+)://[^\s:@/"'<>]{0,64}:([^\s@/"'<>]{3,128})@[A-Za-z0-9.-]+)re",
               7, "`scheme://user:password@host` for Postgres, MySQL, MongoDB, Redis, AMQP, SQL Server; password must not be a placeholder"),
           Check::kUrlPassword), R"re(\b(?:postgres|mysql|mariadb|mongodb|redis|amqp|mssql|sqlserver|jdbc:)[a-z+:]{0,12}://)re"),
      tok("slack_webhook",
          R"re(https://hooks\.slack\.com/(?:services|workflows|triggers)/[A-Z0-9]{8,12}/[A-Z0-9]{8,12}/[A-Za-z0-9]{20,})re", 6,
          "`https://hooks.slack.com/services/T…/B…/…`"),
      tok("discord_webhook",
          R"re(https://(?:ptb\.|canary\.)?discord(?:app)?\.com/api/webhooks/[0-9]{17,20}/[A-Za-z0-9_-]{60,72})re", 6,
          "`https://discord.com/api/webhooks/<id>/<token>`"),
      tok("sentry_dsn",
          R"re(https://[a-f0-9]{32}@(?:o[0-9]+\.)?(?:ingest\.)?(?:[a-z]{2}\.)?sentry\.io/[0-9]+)re", 6,
          "`https://<32 hex>@…sentry.io/<project>`"),
      // Cloud.
      tok("aws_access_key_id",
          R"re(\b(?:AKIA|ASIA|ABIA|ACCA|AGPA|AIDA|AIPA|ANPA|ANVA|AROA|APKA)[A-Z2-7]{16}\b)re", 7,
          "`AKIA`/`ASIA`/… + 16 base32 characters"),
      pre(ctx("aws_secret_access_key",
          R"re(aws[A-Za-z0-9_.-]{0,20}(?:secret|sk)[A-Za-z0-9_.-]{0,20}["']?\s{0,4}(?::=|=>|=|:)\s{0,4}["'`]?([A-Za-z0-9/+]{40}))re",
          7, 4.0, "40 base64 characters after an `aws…secret…` key; entropy ≥ 4.0"), R"re(aws[A-Za-z0-9_.-]{0,20}(?:secret|sk))re"),
      pre(tok("gcp_api_key", R"re(\bAIza[0-9A-Za-z_-]{35})re", 6, "`AIza` + 35 characters (Google API key)"), R"re(\bAIza)re"),
      tok("gcp_service_account_key",
          R"re("private_key_id"\s*:\s*"[a-f0-9]{40}")re", 7,
          "service-account JSON `\"private_key_id\": \"<40 hex>\"`"),
      tok("google_oauth_client_secret", R"re(\bGOCSPX-[A-Za-z0-9_-]{28})re", 6, "`GOCSPX-` + 28 characters"),
      tok("google_oauth_access_token", R"re(\bya29\.[0-9A-Za-z_-]{30,})re", 6, "`ya29.` + at least 30 characters"),
      pre(tok("azure_ad_client_secret", R"re([A-Za-z0-9_~.]{3}[0-9]Q~[A-Za-z0-9_~.-]{31,34})re", 7,
          "Entra ID client secret: 3 characters, a digit, `Q~`, 31–34 characters"), R"re([0-9]Q~)re"),
      pre(tok("azure_devops_pat", R"re(\b[A-Za-z0-9]{52}AZDO[A-Za-z0-9]{4}\b)re", 6,
          "new-format Azure DevOps PAT: 84 characters with `AZDO` at 76–79"), R"re(AZDO)re"),
      pre(ctx("azure_devops_pat",
          R"re((?:azure[_.-]?devops|\bado|azdo|vsts|devops)[A-Za-z0-9_.-]{0,20}(?:pat|token|key)["']?\s{0,4}(?::=|=>|=|:)\s{0,4}["'`]?([a-z2-7]{52}))re",
          6, 3.5, "classic Azure DevOps PAT: 52 base32 characters after an `azure_devops…pat/token` key"), R"re((?:azure[_.-]?devops|\bado|azdo|vsts|devops)[A-Za-z0-9_.-]{0,20}(?:pat|token|key))re"),
      tok("digitalocean_token", R"re(\bdo[opr]_v1_[a-f0-9]{64}\b)re", 7, "`dop_v1_`/`doo_v1_`/`dor_v1_` + 64 hex"),
      tok("databricks_token", R"re(\bdapi[a-f0-9]{32}(?:-[0-9])?\b)re", 6, "`dapi` + 32 hex"),
      pre(ctx("datadog_api_key",
          R"re((?:datadog|\bdd)[A-Za-z0-9_.:\s-]{0,12}(?:api|app)[_.-]?key["']?\s{0,4}(?::=|=>|=|:)\s{0,4}["'`]?([a-f0-9]{40}|[a-f0-9]{32})\b)re",
          6, 3.0, "32 or 40 hex after a `datadog…api_key`/`DD_API_KEY` key; entropy ≥ 3.0"), R"re((?:datadog|\bdd)[A-Za-z0-9_.:\s-]{0,12}(?:api|app)[_.-]?key)re"),
      pre(ctx("heroku_api_key",
          R"re(heroku[A-Za-z0-9_.-]{0,20}(?:key|token|secret)["']?\s{0,4}(?::=|=>|=|:)\s{0,4}["'`]?([0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}))re",
          6, 3.0, "UUID after a `heroku…key/token` key"), R"re(heroku)re"),
      tok("heroku_api_key", R"re(\bHRKU-[A-Za-z0-9_-]{60})re", 6, "new-format `HRKU-` + 60 characters"),
      tok("vault_token", R"re(\bhv[sbr]\.[A-Za-z0-9_-]{24,})re", 7, "HashiCorp Vault `hvs.`/`hvb.`/`hvr.` + at least 24 characters"),
      tok("doppler_token", R"re(\bdp\.(?:pt|st|sa|ct|scim|audit)\.[A-Za-z0-9]{40,44}\b)re", 7, "`dp.pt.`/`dp.st.`/… + 40–44 characters"),
      tok("terraform_cloud_token", R"re(\b[A-Za-z0-9]{14}\.atlasv1\.[A-Za-z0-9_=-]{60,70})re", 7, "`<14>.atlasv1.<60–70>`"),
      tok("pulumi_token", R"re(\bpul-[a-f0-9]{40}\b)re", 6, "`pul-` + 40 hex"),
      tok("supabase_token", R"re(\bsbp_[a-f0-9]{40}\b)re", 6, "`sbp_` + 40 hex"),
      // Source hosting and CI.
      tok("github_pat", R"re(\bghp_[A-Za-z0-9]{36}\b)re", 7, "classic PAT `ghp_` + 36"),
      tok("github_fine_grained_pat", R"re(\bgithub_pat_[A-Za-z0-9]{22}_[A-Za-z0-9]{59}\b)re", 7,
          "`github_pat_` + 22 + `_` + 59"),
      tok("github_oauth_token", R"re(\bgho_[A-Za-z0-9]{36}\b)re", 7, "`gho_` + 36"),
      tok("github_app_token", R"re(\bgh[us]_[A-Za-z0-9]{36}\b)re", 7, "user-to-server `ghu_` / server-to-server `ghs_` + 36"),
      tok("github_refresh_token", R"re(\bghr_[A-Za-z0-9]{36,76}\b)re", 7, "`ghr_` + 36–76"),
      pre(tok("gitlab_token",
          R"re(\bgl(?:pat|dt|rt|ptt|cbt|ft|imt|soat|oas|agent|ffct)-[0-9A-Za-z_.-]{20,64})re", 7,
          "`glpat-`, `gldt-`, `glrt-`, `glptt-`, `glcbt-`, … + at least 20"), R"re(\bgl(?:pat|dt|rt|ptt|cbt|ft|imt|soat|oas|agent|ffct)-)re"),
      pre(tok("bitbucket_app_password", R"re(\bATBB[A-Za-z0-9_=.-]{32})re", 6, "`ATBB` + 32"), R"re(\bATBB)re"),
      tok("atlassian_api_token", R"re(\bATATT3[A-Za-z0-9_=-]{150,250})re", 6, "`ATATT3` + 150–250"),
      tok("npm_token", R"re(\bnpm_[A-Za-z0-9]{36}\b)re", 7, "`npm_` + 36"),
      tok("pypi_token", R"re(\bpypi-AgEIcHlwaS5vcmc[A-Za-z0-9_-]{50,})re", 7, "`pypi-AgEIcHlwaS5vcmc` (macaroon for pypi.org) + at least 50"),
      tok("circleci_token", R"re(\bCCIPAT_[A-Za-z0-9]{22}_[a-f0-9]{40}\b)re", 6, "`CCIPAT_` + 22 + `_` + 40 hex"),
      tok("postman_api_key", R"re(\bPMAK-[a-f0-9]{24}-[a-f0-9]{34}\b)re", 6, "`PMAK-` + 24 hex + `-` + 34 hex"),
      tok("grafana_token", R"re(\bglc_[A-Za-z0-9+/]{32,400}={0,2}|\bglsa_[A-Za-z0-9]{32}_[a-f0-9]{8}\b)re", 6,
          "cloud `glc_` and service-account `glsa_` tokens"),
      pre(tok("sentry_token", R"re(\bsntrys_eyJ[A-Za-z0-9_=+/-]{50,}|\bsntryu_[a-f0-9]{64}\b)re", 6, "`sntrys_` org and `sntryu_` user tokens"), R"re(\bsntrys_eyJ|\bsntryu_[a-f0-9]{8})re"),
      tok("new_relic_key", R"re(\bNRAK-[A-Z0-9]{27}\b)re", 6, "`NRAK-` + 27"),
      // Chat platforms.
      tok("slack_token", R"re(\bxox[abposr]-[0-9]{8,13}-[0-9A-Za-z-]{10,250})re", 7, "`xoxb-`/`xoxp-`/`xoxa-`/… + numeric team id + token"),
      tok("slack_app_token", R"re(\bxapp-[0-9]-[A-Z0-9]{9,11}-[0-9]{10,13}-[a-f0-9]{64}\b)re", 7, "`xapp-1-…` app-level token"),
      pre(tok("discord_bot_token", R"re(\b[MNO][A-Za-z0-9_-]{23,25}\.[A-Za-z0-9_-]{6}\.[A-Za-z0-9_-]{27,38})re", 6,
          "three dot-separated parts, the first a base64 user id starting M/N/O"), R"re(\b[MNO][A-Za-z0-9_-]{23,25}\.[A-Za-z0-9_-]{6}\.)re"),
      {"telegram_bot_token", R"re((?:\b|bot)([0-9]{8,10}:AA[A-Za-z0-9_-]{33}))re", Family::kToken, 6, Check::kNone, 0.0,
       false, false, "`<bot id>:AA` + 33, also inside `api.telegram.org/bot…` URLs"},
      tok("twilio_api_key", R"re(\bSK[0-9a-f]{32}\b)re", 6, "`SK` + 32 hex"),
      pre(ctx("twilio_auth_token",
          R"re(twilio[A-Za-z0-9_.-]{0,20}(?:auth|token|secret)[A-Za-z0-9_.-]{0,10}["']?\s{0,4}(?::=|=>|=|:)\s{0,4}["'`]?([a-f0-9]{32})\b)re",
          6, 3.0, "32 hex after a `twilio…auth/token` key"), R"re(twilio)re"),
      tok("sendgrid_api_key", R"re(\bSG\.[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]{43})re", 6, "`SG.` + 22 + `.` + 43"),
      tok("mailgun_api_key", R"re(\bkey-[0-9a-f]{32}\b)re", 6, "`key-` + 32 hex"),
      tok("mailchimp_api_key", R"re(\b[0-9a-f]{32}-us[0-9]{1,2}\b)re", 6, "32 hex + `-us<dc>`"),
      // Payments and commerce.
      tok("stripe_secret_key", R"re(\b(?:sk|rk)_(?:live|test)_[0-9A-Za-z]{24,99}\b)re", 7, "`sk_live_`/`rk_live_` (and `_test_`) + at least 24"),
      tok("stripe_webhook_secret", R"re(\bwhsec_[A-Za-z0-9+/]{32,})re", 6, "`whsec_` + at least 32"),
      pre(tok("square_token", R"re(\bEAAA[A-Za-z0-9_-]{60}\b|\bsq0atp-[0-9A-Za-z_-]{22}\b|\bsq0csp-[0-9A-Za-z_-]{43}\b)re", 7,
          "`EAAA` + 60, `sq0atp-` + 22, `sq0csp-` + 43"), R"re(\bEAAA|\bsq0atp-|\bsq0csp-)re"),
      tok("braintree_access_token", R"re(\baccess_token\$production\$[0-9a-z]{16}\$[0-9a-f]{32})re", 7,
          "PayPal/Braintree `access_token$production$<16>$<32 hex>`"),
      tok("shopify_token", R"re(\bshp(?:at|ca|pa|ss)_[a-fA-F0-9]{32}\b)re", 7, "`shpat_`/`shpca_`/`shppa_`/`shpss_` + 32 hex"),
      // AI providers.
      tok("anthropic_api_key", R"re(\bsk-ant-(?:api|admin|sid)[0-9]{2}-[A-Za-z0-9_-]{80,120})re", 7, "`sk-ant-api03-` + 80–120"),
      pre(tok("openai_api_key",
          R"re(\bsk-(?:proj|svcacct|admin)-[A-Za-z0-9_-]{40,250}|\bsk-[A-Za-z0-9]{20}T3BlbkFJ[A-Za-z0-9]{20}\b)re", 7,
          "`sk-proj-`/`sk-svcacct-`/`sk-admin-` + 40–250, or legacy `sk-` + 20 + `T3BlbkFJ` + 20"), R"re(\bsk-(?:proj|svcacct|admin)-|T3BlbkFJ)re"),
      tok("huggingface_token", R"re(\b(?:hf_|api_org_)[A-Za-z]{34}\b)re", 6, "`hf_` + 34 letters"),
      tok("groq_api_key", R"re(\bgsk_[A-Za-z0-9]{52}\b)re", 6, "`gsk_` + 52"),
      tok("replicate_api_token", R"re(\br8_[A-Za-z0-9]{37}\b)re", 6, "`r8_` + 37"),
      tok("xai_api_key", R"re(\bxai-[A-Za-z0-9]{80}\b)re", 6, "`xai-` + 80"),
      tok("perplexity_api_key", R"re(\bpplx-[A-Za-z0-9]{48}\b)re", 6, "`pplx-` + 48"),
      pre(ctx("cohere_api_key",
          R"re((?:cohere|\bco)[A-Za-z0-9_.-]{0,10}(?:api[_.-]?key|token)["']?\s{0,4}(?::=|=>|=|:)\s{0,4}["'`]?([A-Za-z0-9]{40})\b)re",
          6, 3.5, "40 alphanumerics after a `cohere…api_key`/`CO_API_KEY` key"), R"re(cohere|\bco[A-Za-z0-9_.-]{0,10}(?:api|token))re"),
      // Productivity.
      tok("linear_api_key", R"re(\blin_api_[A-Za-z0-9]{40}\b)re", 6, "`lin_api_` + 40"),
      tok("notion_token", R"re(\bsecret_[A-Za-z0-9]{43}\b|\bntn_[0-9]{11}[A-Za-z0-9]{35}\b)re", 6, "`secret_` + 43, `ntn_` + 11 digits + 35"),
      tok("airtable_token", R"re(\bpat[A-Za-z0-9]{14}\.[a-f0-9]{64}\b)re", 6, "`pat<14>.<64 hex>`"),
      tok("dropbox_token", R"re(\bsl\.[A-Za-z0-9_-]{130,})re", 6, "short-lived `sl.` + at least 130"),
      tok("age_secret_key", R"re(\bAGE-SECRET-KEY-1[QPZRY9X8GF2TVDW0S3JN54KHCE6MUA7L]{58}\b)re", 7, "`AGE-SECRET-KEY-1` + 58 bech32"),

      // Generic assignments (secret.generic).
      pre(gen("password",
          R"re((?:passw(?:or)?d|\bpwd)[A-Za-z0-9_.-]{0,20}["']?\]?\s{0,4}(?::=|=>|=|:)\s{0,4}["'`]?()re" VALUE_FIRST VALUE_REST
          R"re({7,199}))re",
          6, 2.5, Check::kGenericValue, "`password`/`passwd`/`pwd` key, value of 8+ characters"), R"re(passw(?:or)?d|\bpwd)re"),
      pre(gen("secret",
          R"re((?:secret|private[_.-]?key|credential|signing[_.-]?key|encryption[_.-]?key)[A-Za-z0-9_.-]{0,20}["']?\]?\s{0,4}(?::=|=>|=|:)\s{0,4}["'`]?()re" VALUE_FIRST VALUE_REST
          R"re({7,199}))re",
          6, 3.0, Check::kGenericValue, "`secret`/`client_secret`/`private_key`/`credentials` key, value of 8+ characters"), R"re(secret|private[_.-]?key|credential|signing[_.-]?key|encryption[_.-]?key)re"),
      pre(gen("api_key",
          R"re((?:api[_.-]?key|apikey|access[_.-]?key|app[_.-]?key|subscription[_.-]?key)[A-Za-z0-9_.-]{0,20}["']?\]?\s{0,4}(?::=|=>|=|:)\s{0,4}["'`]?()re" VALUE_FIRST VALUE_REST
          R"re({11,199}))re",
          6, 3.3, Check::kGenericValue, "`api_key`/`apikey`/`access_key` key, value of 12+ characters"), R"re(api[_.-]?key|apikey|access[_.-]?key|app[_.-]?key|subscription[_.-]?key)re"),
      pre(gen("token",
          R"re((?:token|auth[_.-]?key|session[_.-]?key)[A-Za-z0-9_.-]{0,20}["']?\]?\s{0,4}(?::=|=>|=|:)\s{0,4}["'`]?()re" VALUE_FIRST VALUE_REST
          R"re({15,499}))re",
          6, 3.5, Check::kGenericValue, "`token`/`access_token`/`auth_key` key, value of 16+ characters"), R"re(token|auth[_.-]?key|session[_.-]?key)re"),
      pre(gen("bearer_token", R"re(\bbearer\s{1,4}([A-Za-z0-9._~+/-]{20,}=*))re", 6, 3.5, Check::kGenericValue,
          "`Bearer <token>` (Authorization headers, curl commands), value of 20+ characters"), R"re(\bbearer\s)re"),
      pre(gen("basic_auth", R"re(authorization["']?\s{0,4}[:=]\s{0,4}["']?basic\s{1,4}([A-Za-z0-9+/]{8,}={0,2}))re", 6, 0.0,
          Check::kBasicAuth, "`Authorization: Basic <base64>` that decodes to `user:password`"), R"re(authorization["\']?\s{0,4}[:=]\s{0,4}["\']?basic\s)re"),
      pre(gen("url_password",
          R"re(\b[a-z][a-z0-9+.-]{1,20}://[^\s:@/"'<>]{1,64}:([^\s@/"'<>]{3,128})@[A-Za-z0-9.-]+)re", 6, 0.0,
          Check::kUrlPassword, "`scheme://user:password@host` for any other scheme; password must not be a placeholder"), R"re(://[^\s/@]{1,64}@)re"),
  };
  return f;
}

#undef VALUE_FIRST
#undef VALUE_REST

}  // namespace

const std::vector<SecretFormat>& secret_formats() {
  static const std::vector<SecretFormat> formats = build();
  return formats;
}

}  // namespace bulwark::detect::secrets
