/** The part of JSON Schema that strategy parameter schemas use. */
export interface ParamProperty {
  type?: 'number' | 'integer' | 'string' | 'boolean' | Array<string>;
  title?: string;
  description?: string;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
  enum?: unknown[];
  default?: unknown;
  minLength?: number;
  maxLength?: number;
  pattern?: string;
}

export interface ParamField {
  name: string;
  label: string;
  description?: string;
  kind: 'number' | 'integer' | 'string' | 'boolean' | 'enum';
  property: ParamProperty;
  required: boolean;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function humanize(name: string): string {
  const words = name.replace(/[_-]+/g, ' ').replace(/([a-z])([A-Z])/g, '$1 $2').trim();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** The form fields a strategy's `paramSchema` describes, in the schema's order. */
export function fieldsFromSchema(schema: unknown): ParamField[] {
  if (!isRecord(schema) || !isRecord(schema.properties)) return [];
  const required = Array.isArray(schema.required) ? schema.required.filter((r): r is string => typeof r === 'string') : [];
  return Object.entries(schema.properties).flatMap(([name, raw]) => {
    if (!isRecord(raw)) return [];
    const property = raw as ParamProperty;
    const type = Array.isArray(property.type) ? property.type.find((t) => t !== 'null') : property.type;
    const kind: ParamField['kind'] = Array.isArray(property.enum)
      ? 'enum'
      : type === 'integer' || type === 'number' || type === 'boolean'
        ? type
        : 'string';
    return [
      {
        name,
        label: property.title ?? humanize(name),
        ...(property.description ? { description: property.description } : {}),
        kind,
        property,
        required: required.includes(name),
      },
    ];
  });
}

/** Form text of each field: the given values over the defaults (over the schema's defaults). */
export function initialValues(fields: ParamField[], ...sources: unknown[]): Record<string, string> {
  const values: Record<string, string> = {};
  for (const field of fields) {
    let value: unknown = field.property.default;
    for (const source of sources) if (isRecord(source) && source[field.name] !== undefined && source[field.name] !== null) value = source[field.name];
    values[field.name] = value === undefined || value === null ? '' : typeof value === 'string' ? value : JSON.stringify(value);
  }
  return values;
}

const numberText = /^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/;

/** The message for a field's text, or undefined when it is valid. */
export function validateField(field: ParamField, text: string): string | undefined {
  const trimmed = text.trim();
  if (trimmed === '') return field.required ? 'Required' : undefined;
  const p = field.property;
  if (field.kind === 'number' || field.kind === 'integer') {
    if (!numberText.test(trimmed)) return 'Enter a number';
    const value = Number(trimmed);
    if (field.kind === 'integer' && !Number.isInteger(value)) return 'Enter a whole number';
    if (p.minimum !== undefined && value < p.minimum) return `Must be at least ${p.minimum}`;
    if (p.maximum !== undefined && value > p.maximum) return `Must be at most ${p.maximum}`;
    if (p.exclusiveMinimum !== undefined && value <= p.exclusiveMinimum) return `Must be greater than ${p.exclusiveMinimum}`;
    if (p.exclusiveMaximum !== undefined && value >= p.exclusiveMaximum) return `Must be less than ${p.exclusiveMaximum}`;
    return undefined;
  }
  if (field.kind === 'string') {
    if (p.minLength !== undefined && trimmed.length < p.minLength) return `At least ${p.minLength} characters`;
    if (p.maxLength !== undefined && trimmed.length > p.maxLength) return `At most ${p.maxLength} characters`;
    if (p.pattern !== undefined) {
      try {
        if (!new RegExp(p.pattern, 'u').test(trimmed)) return 'Does not match the expected format';
      } catch {
        return undefined;
      }
    }
  }
  return undefined;
}

/** Messages of every invalid field. */
export function validateAll(fields: ParamField[], values: Record<string, string>): Record<string, string> {
  const errors: Record<string, string> = {};
  for (const field of fields) {
    const message = validateField(field, values[field.name] ?? '');
    if (message) errors[field.name] = message;
  }
  return errors;
}

/** The parameter object to send: typed values, empty fields left out. */
export function toParams(fields: ParamField[], values: Record<string, string>): Record<string, unknown> {
  const params: Record<string, unknown> = {};
  for (const field of fields) {
    const text = (values[field.name] ?? '').trim();
    if (text === '') continue;
    if (field.kind === 'number' || field.kind === 'integer') params[field.name] = Number(text);
    else if (field.kind === 'boolean') params[field.name] = text === 'true';
    else if (field.kind === 'enum') {
      const match = field.property.enum?.find((option) => (typeof option === 'string' ? option : JSON.stringify(option)) === text);
      params[field.name] = match ?? text;
    } else params[field.name] = text;
  }
  return params;
}
