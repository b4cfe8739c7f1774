// GraphQL Code Generator plugin: the response keys (alias or field name) under which the app's
// operations read a field of the BigDecimal scalar. The GraphQL client reads those keys from the
// JSON answer as their exact source text (see src/lib/graphql-client.ts), so no digit of money,
// prices or sizes is lost to a JS number. The reader goes by key, so the plugin refuses operations
// that read another scalar under a key some operation reads a BigDecimal under (a `Float` metric
// named like a decimal one, e.g. `SweepCell.sharpe` and `Metrics.sharpe`): select one of them
// under an alias instead.
const { getNamedType, isScalarType, TypeInfo, visit, visitWithTypeInfo } = require('graphql');

module.exports = {
  plugin(schema, documents) {
    const decimal = new Map();
    const other = new Map();
    for (const { document } of documents) {
      if (!document) continue;
      const typeInfo = new TypeInfo(schema);
      visit(
        document,
        visitWithTypeInfo(typeInfo, {
          Field(node) {
            const type = typeInfo.getType();
            const named = type && getNamedType(type);
            if (!named || !isScalarType(named)) return;
            const key = node.alias ? node.alias.value : node.name.value;
            const where = `${typeInfo.getParentType()?.name}.${node.name.value}`;
            (named.name === 'BigDecimal' ? decimal : other).set(key, where);
          },
        }),
      );
    }
    const clashes = [...decimal.keys()].filter((key) => other.has(key));
    if (clashes.length) {
      const described = clashes.map((key) => `'${key}' (${decimal.get(key)} and ${other.get(key)})`).join(', ');
      throw new Error(`Keys read both as BigDecimal and as another scalar: ${described}; select one under an alias`);
    }
    const names = [...decimal.keys()].sort().map((n) => `  '${n}',`).join('\n');
    return `/** Response keys of BigDecimal fields in the app's operations (generated): read as exact decimal strings. */\nexport const DECIMAL_FIELDS: ReadonlySet<string> = new Set([\n${names}\n]);\n`;
  },
};
