#!/usr/bin/env bash
# Shows what the local stack's SMTP server (GreenMail, started by run.sh) has received.
#
#   deployment/local/mail.sh            the addresses that received mail, with their counts
#   deployment/local/mail.sh EMAIL      the messages of EMAIL (headers and body, as received)
#   deployment/local/mail.sh --json [EMAIL]   the API's raw JSON
#   deployment/local/mail.sh --purge    deletes all mail
set -euo pipefail
# shellcheck source=lib/stack.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib/stack.sh"
api="http://127.0.0.1:$MAIL_API_PORT/api"

get() {
  local body
  body=$(curl -sS --fail-with-body --max-time 10 "$api/$1") || {
    [ -n "${body:-}" ] && echo "$body" >&2
    die "GreenMail's API at $api does not answer: is the stack running (deployment/local/run.sh)?"
  }
  echo "$body"
}

json=0
if [ "${1:-}" = --json ]; then json=1; shift; fi
case "${1:-}" in
  --purge)
    curl -sS --fail --max-time 10 -X POST "$api/mail/purge" >/dev/null || die "purge failed"
    echo "all mail deleted"
    ;;
  -h | --help)
    sed -n '2,/^set -euo/{/^set -euo/d;s/^# \{0,1\}//;p}' "$0"
    ;;
  "")
    users=$(get user)
    if [ "$json" = 1 ]; then echo "$users"; exit 0; fi
    count=$(jq length <<<"$users")
    if [ "$count" = 0 ]; then
      echo "no mail received yet (SMTP 127.0.0.1:$SMTP_PORT)"
      exit 0
    fi
    echo "addresses with mail (SMTP 127.0.0.1:$SMTP_PORT):"
    for email in $(jq -r '.[].email' <<<"$users"); do
      printf '  %-40s %s message(s)\n' "$email" "$(get "user/$email/messages/INBOX" | jq length)"
    done
    ;;
  *)
    email=$1
    messages=$(curl -sS --max-time 10 "$api/user/$email/messages/INBOX") ||
      die "GreenMail's API at $api does not answer: is the stack running (deployment/local/run.sh)?"
    if ! jq -e 'type == "array"' <<<"$messages" >/dev/null 2>&1; then
      echo "no mail for $email"
      exit 0
    fi
    if [ "$json" = 1 ]; then echo "$messages"; exit 0; fi
    echo "$(jq length <<<"$messages") message(s) for $email"
    # Each message's plain-text part, decoded (quoted-printable wraps long lines, links included).
    python3 -c '
import email, json, sys
for m in json.load(sys.stdin):
    msg = email.message_from_string(m.get("mimeMessage") or "")
    text = next((p.get_payload(decode=True).decode(p.get_content_charset() or "utf-8")
                 for p in msg.walk() if p.get_content_type() == "text/plain"), "(no text part)")
    print("\n===== message %s: %s\n%s" % (m.get("uid"), m.get("subject") or "(no subject)", text.replace("\r", "")))
' <<<"$messages"
    ;;
esac
