// GraphQL Code Generator plugin: the names of every field whose type is the BigDecimal scalar.
// The GraphQL client reads those fields from the JSON answer as their exact source text (see
// src/lib/graphql-client.ts), so no digit of money, prices or sizes is lost to a JS number.
// It refuses a schema where such a name also names a field of another type: the reader goes by name.
const { getNamedType, isObjectType, isInterfaceType } = require('graphql');

module.exports = {
  plugin(schema) {
    const decimal = new Set();
    const other = new Map();
    for (const type of Object.values(schema.getTypeMap())) {
      if (type.name.startsWith('__') || !(isObjectType(type) || isInterfaceType(type))) continue;
      for (const field of Object.values(type.getFields())) {
        if (getNamedType(field.type).name === 'BigDecimal') decimal.add(field.name);
        else other.set(field.name, `${type.name}.${field.name}`);
      }
    }
    const clashes = [...decimal].filter((name) => other.has(name) && !isListOfObjects(schema, other.get(name)));
    if (clashes.length) throw new Error(`BigDecimal field names also used with another scalar type: ${clashes.map((n) => other.get(n)).join(', ')}`);
    const names = [...decimal].sort().map((n) => `  '${n}',`).join('\n');
    return `/** Fields of type BigDecimal (generated from the schema): read as exact decimal strings. */\nexport const DECIMAL_FIELDS: ReadonlySet<string> = new Set([\n${names}\n]);\n`;
  },
};

/** `Session.equity` is a list of points: a name shared with an object field is harmless (only numbers are read as decimals). */
function isListOfObjects(schema, path) {
  const [typeName, fieldName] = path.split('.');
  const field = schema.getType(typeName).getFields()[fieldName];
  const named = getNamedType(field.type);
  return isObjectType(named) || isInterfaceType(named);
}
