using System.ComponentModel;
using System.Globalization;

namespace Hermes.Grains.Mcp;

/// <summary>Reads <see cref="ToolPolicy"/> from configuration as written in the docs (<c>ask-once</c>) or by its name.</summary>
public sealed class ToolPolicyConverter() : EnumConverter(typeof(ToolPolicy))
{
    public override object? ConvertFrom(ITypeDescriptorContext? context, CultureInfo? culture, object value) =>
        base.ConvertFrom(context, culture, value is string text ? text.Replace("-", string.Empty, StringComparison.Ordinal) : value);
}
