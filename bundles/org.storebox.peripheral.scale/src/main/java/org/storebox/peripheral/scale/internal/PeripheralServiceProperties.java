package org.storebox.peripheral.scale.internal;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.osgi.service.component.annotations.ComponentPropertyType;

/** The fixed service properties peripheral.kind and peripheral.driver of a driver's component. */
@ComponentPropertyType
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.TYPE)
@interface PeripheralServiceProperties {
    String PREFIX_ = "peripheral.";

    /** {@link org.storebox.api.peripheral.PeripheralKind#wire()}. */
    String kind();

    /** The driver's name. */
    String driver();
}
