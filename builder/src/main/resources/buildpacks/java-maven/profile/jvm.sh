# Written by the paas java-maven buildpack; sourced (by bash) when a dyno starts.
# Derives JDBC settings from DATABASE_URL, as Heroku's JVM buildpacks do:
#   postgres://USER:PASSWORD@HOST:PORT/DB?QUERY ->
#   JDBC_DATABASE_URL=jdbc:postgresql://HOST:PORT/DB?QUERY, JDBC_DATABASE_USERNAME, JDBC_DATABASE_PASSWORD,
#   SPRING_DATASOURCE_URL, SPRING_DATASOURCE_USERNAME, SPRING_DATASOURCE_PASSWORD.
# A variable that is already set is left alone.
__paas_urldecode() { local s=${1//\\/\\\\}; printf '%b' "${s//%/\\x}"; }
if [ -n "${DATABASE_URL:-}" ] && [[ $DATABASE_URL =~ ^postgres(ql)?://(([^:@/]*)(:([^@/]*))?@)?([^/?@]+)/([^?]*)(\?(.*))?$ ]]; then
  __paas_user=$(__paas_urldecode "${BASH_REMATCH[3]}")
  __paas_password=$(__paas_urldecode "${BASH_REMATCH[5]}")
  __paas_url="jdbc:postgresql://${BASH_REMATCH[6]}/${BASH_REMATCH[7]}${BASH_REMATCH[8]}"
  export JDBC_DATABASE_URL=${JDBC_DATABASE_URL:-$__paas_url}
  export JDBC_DATABASE_USERNAME=${JDBC_DATABASE_USERNAME:-$__paas_user}
  export JDBC_DATABASE_PASSWORD=${JDBC_DATABASE_PASSWORD:-$__paas_password}
  export SPRING_DATASOURCE_URL=${SPRING_DATASOURCE_URL:-$JDBC_DATABASE_URL}
  export SPRING_DATASOURCE_USERNAME=${SPRING_DATASOURCE_USERNAME:-$JDBC_DATABASE_USERNAME}
  export SPRING_DATASOURCE_PASSWORD=${SPRING_DATASOURCE_PASSWORD:-$JDBC_DATABASE_PASSWORD}
  unset __paas_user __paas_password __paas_url
fi
unset -f __paas_urldecode
