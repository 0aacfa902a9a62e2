# Written by the paas java-maven buildpack; sourced (by bash) when a dyno starts.
# Derives JDBC settings from DATABASE_URL, as Heroku's JVM buildpacks do:
#   postgres://USER:PASSWORD@HOST:PORT/DB?QUERY ->
#   JDBC_DATABASE_URL=jdbc:postgresql://HOST:PORT/DB?user=USER&password=PASSWORD&QUERY, JDBC_DATABASE_USERNAME,
#   JDBC_DATABASE_PASSWORD, SPRING_DATASOURCE_URL, SPRING_DATASOURCE_USERNAME, SPRING_DATASOURCE_PASSWORD.
# The credentials are in the URL too, so an app that sets only spring.datasource.url=${JDBC_DATABASE_URL}
# connects, as on Heroku. Unlike Heroku, no sslmode=require is added: a team's own PostgreSQL often
# has no TLS. An sslmode in DATABASE_URL's query is carried over. A variable already set is left alone.
__paas_urldecode() { local s=${1//\\/\\\\}; printf '%b' "${s//%/\\x}"; }
__paas_urlencode() {
  local LC_ALL=C s=$1 out='' c i
  for ((i = 0; i < ${#s}; i++)); do
    c=${s:i:1}
    case $c in
      [A-Za-z0-9._~-]) out+=$c ;;
      *) printf -v c '%%%02X' "'$c"; out+=$c ;;
    esac
  done
  printf '%s' "$out"
}
if [ -n "${DATABASE_URL:-}" ] && [[ $DATABASE_URL =~ ^postgres(ql)?://(([^:@/]*)(:([^@/]*))?@)?([^/?@]+)/([^?]*)(\?(.*))?$ ]]; then
  __paas_user=$(__paas_urldecode "${BASH_REMATCH[3]}")
  __paas_password=$(__paas_urldecode "${BASH_REMATCH[5]}")
  __paas_query=${BASH_REMATCH[9]}
  __paas_params=''
  [ -n "$__paas_user" ] && __paas_params="user=$(__paas_urlencode "$__paas_user")"
  [ -n "$__paas_password" ] && __paas_params="${__paas_params:+$__paas_params&}password=$(__paas_urlencode "$__paas_password")"
  [ -n "$__paas_query" ] && __paas_params="${__paas_params:+$__paas_params&}$__paas_query"
  __paas_url="jdbc:postgresql://${BASH_REMATCH[6]}/${BASH_REMATCH[7]}${__paas_params:+?$__paas_params}"
  export JDBC_DATABASE_URL=${JDBC_DATABASE_URL:-$__paas_url}
  export JDBC_DATABASE_USERNAME=${JDBC_DATABASE_USERNAME:-$__paas_user}
  export JDBC_DATABASE_PASSWORD=${JDBC_DATABASE_PASSWORD:-$__paas_password}
  export SPRING_DATASOURCE_URL=${SPRING_DATASOURCE_URL:-$JDBC_DATABASE_URL}
  export SPRING_DATASOURCE_USERNAME=${SPRING_DATASOURCE_USERNAME:-$JDBC_DATABASE_USERNAME}
  export SPRING_DATASOURCE_PASSWORD=${SPRING_DATASOURCE_PASSWORD:-$JDBC_DATABASE_PASSWORD}
  unset __paas_user __paas_password __paas_url __paas_query __paas_params
fi
unset -f __paas_urldecode __paas_urlencode
