import { useId } from 'react';
import type { ParamField } from '../param-schema';

/** Inputs generated from a strategy's parameter schema, with inline messages. */
export function ParamForm({
  fields,
  values,
  errors,
  onChange,
  onBlur,
}: {
  fields: ParamField[];
  values: Record<string, string>;
  errors: Record<string, string | undefined>;
  onChange: (name: string, text: string) => void;
  onBlur?: (name: string) => void;
}) {
  const id = useId();
  if (fields.length === 0) return <p className="muted">This strategy takes no parameters.</p>;
  return (
    <div className="form-grid">
      {fields.map((field) => {
        const inputId = `${id}-${field.name}`;
        const error = errors[field.name];
        const hintId = `${inputId}-hint`;
        const errorId = `${inputId}-error`;
        const describedBy = [field.description ? hintId : undefined, error ? errorId : undefined].filter(Boolean).join(' ') || undefined;
        const common = {
          id: inputId,
          name: field.name,
          'aria-invalid': error ? true : undefined,
          'aria-describedby': describedBy,
          onBlur: () => onBlur?.(field.name),
        };
        const value = values[field.name] ?? '';
        return (
          <div className="field" key={field.name}>
            <label htmlFor={inputId}>
              {field.label}
              {field.required && <span aria-hidden="true"> *</span>}
            </label>
            {field.kind === 'boolean' ? (
              <select {...common} value={value} onChange={(e) => onChange(field.name, e.target.value)}>
                <option value="">—</option>
                <option value="true">Yes</option>
                <option value="false">No</option>
              </select>
            ) : field.kind === 'enum' ? (
              <select {...common} value={value} onChange={(e) => onChange(field.name, e.target.value)}>
                <option value="">—</option>
                {field.property.enum?.map((option) => {
                  const text = typeof option === 'string' ? option : JSON.stringify(option);
                  return (
                    <option key={text} value={text}>
                      {text}
                    </option>
                  );
                })}
              </select>
            ) : (
              <input
                {...common}
                type="text"
                inputMode={field.kind === 'integer' ? 'numeric' : field.kind === 'number' ? 'decimal' : undefined}
                value={value}
                onChange={(e) => onChange(field.name, e.target.value)}
              />
            )}
            {field.description && (
              <small id={hintId} className="field__hint">
                {field.description}
              </small>
            )}
            {error && (
              <small id={errorId} className="field__error" role="alert">
                {error}
              </small>
            )}
          </div>
        );
      })}
    </div>
  );
}
