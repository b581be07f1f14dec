using System.ComponentModel;
using System.Globalization;

namespace Hermes.Grains.Mcp;

/// <summary>Reads <see cref="McpServerStart"/> from configuration as written in the docs (<c>on-first-call</c>) or by its name.</summary>
/// <remarks>The configuration binder converts through a type's <see cref="TypeConverter"/>; an enum's own one knows no dashes.</remarks>
public sealed class McpServerStartConverter() : EnumConverter(typeof(McpServerStart))
{
    public override object? ConvertFrom(ITypeDescriptorContext? context, CultureInfo? culture, object value) =>
        base.ConvertFrom(context, culture, value is string text ? text.Replace("-", string.Empty, StringComparison.Ordinal) : value);
}
